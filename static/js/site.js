// Progressive enhancement only: the site works without this file.
document.documentElement.classList.replace("no-js", "js");
