// Progressive enhancement only: the site works without this file.
document.documentElement.classList.replace("no-js", "js");

// Filters panels (<details data-fold-below="60rem">) start folded on small screens, so the results come first.
document.querySelectorAll("details[data-fold-below]").forEach((panel) => {
    if (!window.matchMedia(`(min-width: ${panel.dataset.foldBelow})`).matches) {
        panel.open = false;
    }
});
