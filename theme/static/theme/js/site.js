// The phone menu and the catalogue's folded filters. Without this script the menu is simply shown open.
document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector(".menu-button");
  const menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (menu) {
    const setOpen = (open) => {
      button.setAttribute("aria-expanded", String(open));
      menu.classList.toggle("is-open", open);
    };
    setOpen(false);
    button.hidden = false;
    button.addEventListener("click", () => setOpen(button.getAttribute("aria-expanded") !== "true"));
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && menu.classList.contains("is-open")) {
        setOpen(false);
        button.focus();
      }
    });
  }
  // Filters folded on the phone start open where there is room for them.
  if (window.matchMedia("(min-width: 64em)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach((details) => {
      details.open = true;
    });
  }
});
