// Progressive enhancement only: the site works without this file.
document.documentElement.classList.replace("no-js", "js");

// Filters panels (<details data-fold-below="60rem">) start folded on small screens, so the results come first.
document.querySelectorAll("details[data-fold-below]").forEach((panel) => {
    if (!window.matchMedia(`(min-width: ${panel.dataset.foldBelow})`).matches) {
        panel.open = false;
    }
});

// « Citer ce projet »: a button copies the reference (without JavaScript, the text is selectable).
document.querySelectorAll("[data-copy-source]").forEach((source) => {
    if (!navigator.clipboard) {
        return;
    }
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button button--small";
    button.textContent = "Copier la référence";
    const status = document.createElement("span");
    status.setAttribute("aria-live", "polite");
    status.className = "muted";
    button.addEventListener("click", () => {
        navigator.clipboard.writeText(source.textContent.trim()).then(
            () => { status.textContent = " Référence copiée."; },
            () => { status.textContent = " Copie impossible : sélectionnez le texte."; },
        );
    });
    source.after(button, status);
});

// Searchable facets (people, collectivités): typing filters the values without reloading the page; the same
// GET request as the form's « Chercher » button, whose answer's fieldset replaces this one.
document.querySelectorAll("fieldset[data-facet-search]").forEach(function enhance(fieldset) {
    const input = fieldset.querySelector("input[type=search]");
    if (!input || !window.fetch || !window.DOMParser) {
        return;
    }
    let timer = null;
    input.addEventListener("input", () => {
        window.clearTimeout(timer);
        timer = window.setTimeout(() => {
            const form = input.form;
            const params = new URLSearchParams(new FormData(form));
            const url = `${form.getAttribute("action") || window.location.pathname}?${params}`;
            fetch(url, { headers: { Accept: "text/html" } })
                .then((response) => (response.ok ? response.text() : ""))
                .then((html) => {
                    const fresh = new DOMParser().parseFromString(html, "text/html").getElementById(fieldset.id);
                    if (!fresh) {
                        return;
                    }
                    const freshInput = fresh.querySelector("input[type=search]");
                    if (freshInput.value !== input.value) {
                        return; // typed again since: a later answer replaces it
                    }
                    // Keep the field the visitor is typing in (focus, caret); replace the values below it.
                    Array.from(fieldset.children).forEach((child) => {
                        if (!child.contains(input) && child.tagName !== "LEGEND") {
                            child.remove();
                        }
                    });
                    Array.from(fresh.children).forEach((child) => {
                        if (child.tagName !== "LEGEND" && !child.querySelector("input[type=search]")) {
                            fieldset.appendChild(child);
                        }
                    });
                })
                .catch(() => { /* network error: the « Chercher » button still works */ });
        }, 250);
    });
    // Enter in the facet's field searches (as the button does) rather than being lost.
});
