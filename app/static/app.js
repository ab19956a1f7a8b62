// Progressive enhancement only: every form works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Show or hide fields that apply only when a checkbox or choice says so.
  document.querySelectorAll("[data-show-when]").forEach(function (block) {
    var spec = block.getAttribute("data-show-when").split("=");
    var controls = document.querySelectorAll('[name="' + spec[0] + '"]');
    function update() {
      var on = false;
      controls.forEach(function (c) {
        if (c.type === "checkbox") { on = on || c.checked; }
        else if (c.type === "radio") { on = on || (c.checked && spec[1].split("|").indexOf(c.value) >= 0); }
        else { on = on || spec[1].split("|").indexOf(c.value) >= 0; }
      });
      block.hidden = !on;
    }
    controls.forEach(function (c) { c.addEventListener("change", update); });
    update();
  });
  // Ask before a destructive action.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
});
