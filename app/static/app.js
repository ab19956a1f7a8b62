// Progressive enhancement only: every form works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Show or hide fields that apply only when a checkbox or choice says so.
  document.querySelectorAll("[data-show-when]").forEach(function (block) {
    // "name=v1|v2" shows the block for those values; a leading "!" hides it for them instead.
    var raw = block.getAttribute("data-show-when");
    var negate = raw.charAt(0) === "!";
    var spec = (negate ? raw.slice(1) : raw).split("=");
    var controls = document.querySelectorAll('[name="' + spec[0] + '"]');
    function update() {
      var on = false;
      controls.forEach(function (c) {
        if (c.type === "checkbox") { on = on || c.checked; }
        else if (c.type === "radio") { on = on || (c.checked && spec[1].split("|").indexOf(c.value) >= 0); }
        else { on = on || spec[1].split("|").indexOf(c.value) >= 0; }
      });
      block.hidden = negate ? on : !on;
    }
    controls.forEach(function (c) { c.addEventListener("change", update); });
    update();
  });
  // A changed form is not left silently: a step tab, the language switch or any link away asks first.
  document.querySelectorAll("form[data-keep-unsaved]").forEach(function (form) {
    var changed = false;
    var submitting = false;
    function mark() { changed = true; }
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    form.addEventListener("submit", function () { submitting = true; });
    window.addEventListener("beforeunload", function (event) {
      if (changed && !submitting) {
        event.preventDefault();
        event.returnValue = form.getAttribute("data-keep-unsaved");  // older browsers show this text
        return event.returnValue;
      }
    });
  });
  // Ask before a destructive action.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
});
