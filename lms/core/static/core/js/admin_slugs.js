// The page editor's slug field and saving, for Thai titles (see lms/core/slugs.py).
//
// 1. Wagtail 7.4's slug controller (w-slug) keeps letters and digits only, so the Thai vowels and tone
//    marks (combining marks) fell out of a slug made from a title. The same controller with the
//    server's rule: NFC, lower case, apostrophes dropped, every other run of spaces and punctuation
//    one hyphen; letters, digits, "_" and the Thai marks kept.
// 2. A new page is autosaved by a request to the add view; the page's address becomes the edit view's
//    only when the answer comes back. "Save" pressed meanwhile sent the add form a second time, which
//    met the autosaved draft's slug ("already in use"), or made a second page. A save pressed while
//    an autosave is under way now waits for it and goes to the address it gave; once a save is sent,
//    no autosave starts.
(() => {
  const app = window.wagtail && window.wagtail.app;
  const module = app && app.router.modulesByIdentifier.get("w-slug");
  if (!module) return;

  const THAI_MARKS = "\u0E31\u0E34-\u0E3A\u0E47-\u0E4E";
  const NOT_KEPT = new RegExp(`[^\\p{L}\\p{N}_${THAI_MARKS}]+`, "gu");
  const MAX_LENGTH = 255;

  const thaiSlugify = (text) =>
    text
      .normalize("NFC")
      .toLowerCase()
      .replace(/['\u2019]/gu, "")
      .replace(NOT_KEPT, "-")
      .replace(/^[-_]+|[-_]+$/gu, "")
      .substring(0, MAX_LENGTH)
      .replace(/-+$/u, "");

  class ThaiSlugController extends module.definition.controllerConstructor {
    thaiSlug(action, event, { ignoreUpdate = false, runFormat = !ignoreUpdate } = {}) {
      const { value: source = this.element.value } = (event && event.detail) || {};
      const slug = thaiSlugify(this.prepareValue(source, { runFormat }));
      if (!ignoreUpdate) this.applyUpdate(action, slug, source);
      return slug;
    }

    slugify(event, options) {
      return this.allowUnicodeValue ? this.thaiSlug("slugify", event, options) : super.slugify(event, options);
    }

    urlify(event, options) {
      return this.allowUnicodeValue ? this.thaiSlug("urlify", event, options) : super.urlify(event, options);
    }
  }

  app.register("w-slug", ThaiSlugController);
  // This script runs before the page's body is parsed.
  document.addEventListener("DOMContentLoaded", () => guardSaving(document.querySelector(
    "form[data-edit-form][data-controller~='w-autosave']",
  )));
})();

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
