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
  // Text fields show how much of their limit is used, before it is broken, and a paste that would
  // go beyond the limit is refused with a message instead of being cut off or sent.
  document.querySelectorAll("form[data-count-text]").forEach(function (form) {
    var countText = form.getAttribute("data-count-text");
    var refusedText = form.getAttribute("data-paste-refused");
    function fill(text, values) {
      return text.replace(/\{(\w+)\}/g, function (all, name) { return values[name] !== undefined ? values[name] : all; });
    }
    function number(n) { return n.toLocaleString(document.documentElement.lang || "sv"); }
    form.querySelectorAll("[data-limit]").forEach(function (input) {
      var limit = parseInt(input.getAttribute("data-limit"), 10);
      var counter = document.createElement("p");
      counter.className = "counter help";
      counter.id = input.id + "-counter";
      counter.setAttribute("aria-live", "polite");
      var message = document.createElement("p");
      message.className = "error paste-refused";
      message.setAttribute("role", "alert");
      message.hidden = true;
      input.insertAdjacentElement("afterend", message);
      input.insertAdjacentElement("afterend", counter);
      function update() {
        var used = input.value.length;
        // Short fields show the count near the limit only; long texts always.
        counter.hidden = input.tagName !== "TEXTAREA" && used < limit * 0.8;
        counter.textContent = fill(countText, {count: number(used), limit: number(limit)});
        counter.classList.toggle("over", used > limit);
      }
      input.addEventListener("input", function () { message.hidden = true; update(); });
      input.addEventListener("paste", function (event) {
        var pasted = (event.clipboardData || window.clipboardData).getData("text") || "";
        var selected = (input.selectionEnd || 0) - (input.selectionStart || 0);
        var length = input.value.length - selected + pasted.length;
        if (length > limit) {
          event.preventDefault();
          message.textContent = fill(refusedText, {length: number(length), limit: number(limit)});
          message.hidden = false;
        }
      });
      update();
    });
  });
  // Ask before a destructive action.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
});
