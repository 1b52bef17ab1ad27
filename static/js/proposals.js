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
})();
