// The clause editor for lawyers: the code fields get syntax highlighting (CodeJar, vendored), the line an
// error is on is marked, and a fact from the panel is written where the cursor stands. Without
// JavaScript the plain text areas work as before; the text area stays the field the form sends.
import { CodeJar } from "./vendor/codejar/codejar.js";

function escape(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

// Template code ({{ }}, {% %}, {# #}) in clause texts; keys and list marks in the YAML fields.
function highlighter(kind, errorLine) {
  return function (element) {
    var lines = element.textContent.split("\n");
    element.innerHTML = lines.map(function (line, index) {
      var html = escape(line);
      if (kind === "yaml") {
        html = html.replace(/^(\s*-?\s*)([A-Za-z_]+)(:)/, '$1<span class="tok-key">$2</span>$3');
      } else {
        html = html.replace(/(\{\{.*?\}\})/g, '<span class="tok-var">$1</span>')
                   .replace(/(\{%.*?%\})/g, '<span class="tok-tag">$1</span>')
                   .replace(/(\{#.*?#\})/g, '<span class="tok-comment">$1</span>');
      }
      var cls = index + 1 === errorLine ? "line error-line" : "line";
      return '<span class="' + cls + '">' + html + "</span>";
    }).join("\n");
  };
}

var editors = [];
var form = document.querySelector("form.clause-editor");
if (form) {
  form.querySelectorAll("textarea[data-code]").forEach(function (area) {
    var label = form.querySelector('label[for="' + area.id + '"]');
    var box = document.createElement("div");
    box.className = "code-editor";
    box.setAttribute("role", "textbox");
    box.setAttribute("aria-multiline", "true");
    box.setAttribute("aria-label", label ? label.textContent.trim() : area.name);
    if (area.getAttribute("aria-describedby")) { box.setAttribute("aria-describedby", area.getAttribute("aria-describedby")); }
    if (area.getAttribute("aria-invalid")) { box.setAttribute("aria-invalid", "true"); }
    box.id = area.id + "-editor";
    area.insertAdjacentElement("afterend", box);
    var errorLine = parseInt(area.getAttribute("data-error-line") || "0", 10);
    var jar = CodeJar(box, highlighter(area.getAttribute("data-code"), errorLine), { tab: "  ", addClosing: false });
    jar.updateCode(area.value);
    jar.onUpdate(function (code) {
      area.value = code;
      area.dispatchEvent(new Event("input", { bubbles: true }));
    });
    box.addEventListener("input", function () { area.value = jar.toString(); });
    // A script that sets the text area's value (and says so with "change") updates the editor too.
    area.addEventListener("change", function () { jar.updateCode(area.value); });
    area.hidden = true;
    if (label) { label.addEventListener("click", function () { box.focus(); }); }
    editors.push({ area: area, box: box, jar: jar });
  });

  // Whatever happened in an editor, the form sends what it shows.
  form.addEventListener("submit", function () {
    editors.forEach(function (e) { e.area.value = e.jar.toString(); });
  });

  // The facts panel writes a placeholder where the cursor stands, in the text last worked on.
  var target = editors.find(function (e) { return e.area.name === "text_sv"; }) || null;
  editors.forEach(function (e) {
    e.box.addEventListener("focus", function () { target = e; });
    // Remember where the cursor stands, so that a fact chosen with the mouse or the keyboard goes there.
    ["keyup", "mouseup", "input"].forEach(function (kind) {
      e.box.addEventListener(kind, function () { e.saved = e.jar.save(); });
    });
  });
  form.querySelectorAll("button.insert").forEach(function (button) {
    button.hidden = false;
    var name = button.parentElement.querySelector(".fact-label");
    if (name) { name.hidden = true; }
    button.addEventListener("click", function () {
      var text = button.getAttribute("data-insert");
      if (target) {
        var pos = target.saved || null;
        var code = target.jar.toString();
        var start = pos ? Math.min(pos.start, pos.end) : code.length;
        var end = pos ? Math.max(pos.start, pos.end) : code.length;
        target.jar.updateCode(code.slice(0, start) + text + code.slice(end));
        target.area.value = target.jar.toString();
        target.box.focus();
        target.jar.restore({ start: start + text.length, end: start + text.length });
        target.saved = { start: start + text.length, end: start + text.length };
      }
    });
  });
}
