// Progressive enhancement of the clause editor: preview without reloading the page.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form.clause-editor");
  if (!form || !window.fetch) { return; }
  var button = form.querySelector('[name="preview"]');
  button.addEventListener("click", function (event) {
    event.preventDefault();
    var data = new FormData(form);
    data.delete("save");
    fetch(form.getAttribute("data-preview-url"), { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { if (!response.ok) { throw new Error(String(response.status)); } return response.text(); })
      .then(function (html) {
        var target = document.getElementById("clause-preview");
        var holder = document.createElement("div");
        holder.innerHTML = html;  // server-rendered, autoescaped fragment
        target.replaceWith(holder.firstElementChild || holder);
      })
      .catch(function () { form.requestSubmit(button); });
  });
});
