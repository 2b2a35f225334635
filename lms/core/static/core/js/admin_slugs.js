// Saving a new page while Wagtail 7.4 autosaves it (see lms/core/slugs.py for the slugs themselves).
//
// A new page is autosaved by a request to the add view; the page's address becomes the edit view's
// only when the answer comes back. "Save" pressed meanwhile sent the add form a second time, which met
// the autosaved draft's slug ("already in use"), or made a second page. A save pressed while an
// autosave is under way now waits for it and goes to the address it gave; once a save is sent, no
// autosave starts. (The slug Wagtail's slug field makes from a Thai title lacks the marks; the server
// puts them back, ThaiSlugMixin.)
// This script runs before the page's body is parsed.
document.addEventListener("DOMContentLoaded", () =>
  guardSaving(document.querySelector("form[data-edit-form][data-controller~='w-autosave']")),
);

function guardSaving(form) {
  if (!form) return;
  let autosaving = false;
  let waiting = null;
  form.addEventListener("w-autosave:save", (event) => {
    if (!event.defaultPrevented) autosaving = true;
  });
  const settled = () => {
    autosaving = false;
    if (waiting === null) return;
    // The autosave may have replaced the buttons (the add view's by the edit view's): the same one, by name.
    const button = waiting && form.querySelector(`button[name="${waiting}"]`);
    waiting = null;
    form.requestSubmit(button || undefined);
  };
  form.addEventListener("w-autosave:success", settled);
  form.addEventListener("w-autosave:error", settled);
  form.addEventListener("submit", (event) => {
    if (autosaving) {
      event.preventDefault();
      event.stopImmediatePropagation();
      waiting = (event.submitter && event.submitter.name) || "";
      return;
    }
    form.setAttribute("data-w-autosave-active-value", "false");
  }, true);
}
