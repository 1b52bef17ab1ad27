// Search suggestions: an ARIA 1.2 combobox over each search input with data-suggest-url (progressive
// enhancement): the header's (page titles, /recherche/suggestions/) and the archive's (names of people,
// collectivités, promotions, /projets/suggestions/). Without JavaScript the forms submit as usual.
(function () {
    "use strict";
    if (!window.fetch) {
        return;
    }
    document.querySelectorAll("input[data-suggest-url]").forEach(combobox);

function combobox(input) {
    var form = input.parentNode;
    form.classList.add("suggest-host");
    var listId = input.id + "-suggestions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "suggest-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.dataset.suggestLabel || "Suggestions de recherche");
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    // A live region without role="status": the page's own status messages stay the only "status".
    status.setAttribute("aria-live", "polite");
    status.setAttribute("aria-atomic", "true");
    form.appendChild(list);
    form.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var options = [];
    var active = -1;
    var timer = null;
    var lastQuery = "";
    var controller = null;

    function close() {
        list.hidden = true;
        input.setAttribute("aria-expanded", "false");
        input.removeAttribute("aria-activedescendant");
        active = -1;
    }

    function setActive(index) {
        options.forEach(function (option, i) {
            option.setAttribute("aria-selected", i === index ? "true" : "false");
        });
        active = index;
        if (index >= 0) {
            input.setAttribute("aria-activedescendant", options[index].id);
            options[index].scrollIntoView({ block: "nearest" });
        } else {
            input.removeAttribute("aria-activedescendant");
        }
    }

    function render(suggestions) {
        list.textContent = "";
        options = suggestions.map(function (suggestion, i) {
            var option = document.createElement("li");
            option.id = listId + "-" + i;
            option.className = "suggest-list__option";
            option.setAttribute("role", "option");
            option.setAttribute("aria-selected", "false");
            option.dataset.url = suggestion.url;
            option.appendChild(document.createTextNode(suggestion.title));
            var kind = document.createElement("span");
            kind.className = "suggest-list__kind";
            kind.textContent = " (" + suggestion.kind + ")";
            option.appendChild(kind);
            option.addEventListener("mousedown", function (event) {
                event.preventDefault();
                window.location.assign(suggestion.url);
            });
            list.appendChild(option);
            return option;
        });
        active = -1;
        if (options.length) {
            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
            status.textContent = options.length + (options.length > 1 ? " suggestions" : " suggestion") +
                " : flèches haut et bas pour choisir, Entrée pour ouvrir.";
        } else {
            close();
            status.textContent = "";
        }
    }

    function fetchSuggestions() {
        var query = input.value.trim();
        if (query === lastQuery) {
            return;
        }
        lastQuery = query;
        if (query.length < 2) {
            render([]);
            return;
        }
        if (controller) {
            controller.abort();
        }
        controller = window.AbortController ? new AbortController() : null;
        var url = input.dataset.suggestUrl + "?q=" + encodeURIComponent(query);
        fetch(url, { headers: { Accept: "application/json" }, signal: controller ? controller.signal : undefined })
            .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
            .then(function (data) {
                if (input.value.trim() === query) {
                    render(data.suggestions || []);
                }
            })
            .catch(function () { /* network error or aborted: the form still works */ });
    }

    input.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(fetchSuggestions, 150);
    });

    input.addEventListener("keydown", function (event) {
        if (event.key === "ArrowDown") {
            if (list.hidden && options.length) {
                list.hidden = false;
                input.setAttribute("aria-expanded", "true");
            }
            if (options.length) {
                event.preventDefault();
                setActive((active + 1) % options.length);
            }
        } else if (event.key === "ArrowUp") {
            if (options.length && !list.hidden) {
                event.preventDefault();
                setActive(active <= 0 ? options.length - 1 : active - 1);
            }
        } else if (event.key === "Enter") {
            if (!list.hidden && active >= 0) {
                event.preventDefault();
                window.location.assign(options[active].dataset.url);
            }
        } else if (event.key === "Escape") {
            if (!list.hidden) {
                event.preventDefault();
                close();
            } else {
                input.value = "";
                lastQuery = "";
            }
        }
    });

    input.addEventListener("blur", function () {
        window.setTimeout(close, 100);
    });
}
})();
