// Proposal form, progressive enhancement only: live character counters, focus on the error
// summary, a print button. Without this file the form works and the limits are written out.
(function () {
    "use strict";
    var numberFormat = new Intl.NumberFormat("fr-FR");

    function updateCounter(counter, field) {
        var limit = parseInt(counter.getAttribute("data-limit"), 10);
        var length = field.value.length;
        var over = length - limit;
        if (over > 0) {
            counter.textContent = numberFormat.format(length) + " caractères sur " + numberFormat.format(limit) +
                " : " + numberFormat.format(over) + " de trop";
            counter.classList.add("pf-counter--over");
        } else {
            counter.textContent = numberFormat.format(length) + " caractère" + (length > 1 ? "s" : "") + " sur " +
                numberFormat.format(limit) + " (reste " + numberFormat.format(limit - length) + ")";
            counter.classList.remove("pf-counter--over");
        }
    }

    document.querySelectorAll("[data-counter-for]").forEach(function (counter) {
        var field = document.getElementById(counter.getAttribute("data-counter-for"));
        if (!field) { return; }
        updateCounter(counter, field);
        field.addEventListener("input", function () { updateCounter(counter, field); });
    });

    var summary = document.getElementById("proposition-erreurs");
    if (summary) {
        // After the browser has scrolled to the #proposition fragment, which would otherwise take focus back.
        summary.focus();
        window.addEventListener("load", function () { window.setTimeout(function () { summary.focus(); }, 0); });
    }

    document.querySelectorAll("[data-print]").forEach(function (button) {
        button.hidden = false;
        button.addEventListener("click", function () { window.print(); });
    });

    // « Projets collectifs déjà menés sur des sujets proches »: updated as one types, 400 ms after the last key,
    // at most one request in flight (a change during a request sends one more when it answers).
    var box = document.querySelector("[data-precedents]");
    if (box && window.fetch) {
        var endpoint = box.getAttribute("data-url");
        var list = box.querySelector("[data-precedents-list]");
        var status = box.querySelector("[data-precedents-status]");
        var archive = box.querySelector("[data-precedents-archive]");
        var archiveBase = archive.getAttribute("href").split("?")[0];
        var watched = ["id_intitule", "id_contexte", "id_collectivite_nom"].map(function (id) {
            return document.getElementById(id);
        }).filter(Boolean);
        var timer = null, inFlight = false, again = false, lastQuery = null;
        var value = function (id) { var el = document.getElementById(id); return el ? el.value.trim() : ""; };

        var render = function (data) {
            list.textContent = "";
            (data.results || []).forEach(function (project) {
                var item = document.createElement("li");
                var link = document.createElement("a");
                link.href = project.url;
                link.textContent = project.title;
                var meta = document.createElement("span");
                meta.className = "pf-precedent-meta";
                meta.textContent = " (" + [project.collectivite, project.year].filter(Boolean).join(", ") + ")";
                item.appendChild(link);
                item.appendChild(meta);
                list.appendChild(item);
            });
            list.hidden = !list.children.length;
            status.textContent = data.announcement || "";
        };

        var send = function () {
            var title = value("id_intitule");
            var query = new URLSearchParams({
                q: (title + " " + value("id_contexte")).slice(0, 1000),
                collectivite: value("id_collectivite_nom"),
                titre: title
            }).toString();
            archive.href = title ? archiveBase + "?" + new URLSearchParams({q: title.slice(0, 120)}) : archiveBase;
            if (query === lastQuery) { return; }
            if (inFlight) { again = true; return; }
            inFlight = true;
            lastQuery = query;
            fetch(endpoint + "?" + query, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
                .then(function (response) { return response.ok ? response.json() : null; })
                .then(function (data) { if (data) { render(data); } })
                .catch(function () {})
                .then(function () {
                    inFlight = false;
                    if (again) { again = false; send(); }
                });
        };

        watched.forEach(function (field) {
            field.addEventListener("input", function () {
                window.clearTimeout(timer);
                timer = window.setTimeout(send, 400);
            });
        });
    }
})();
