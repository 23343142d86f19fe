// Behaviour every page shares, asked for by data attributes: the Content-Security-Policy forbids inline
// scripts and event handlers, so templates never carry JavaScript themselves.
(function () {
  // htmx requests carry the CSRF token of the page.
  document.body.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = document.querySelector('meta[name="csrf-token"]').content;
  });
  // <form data-confirm="Question?">: ask before submitting.
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
  // <select data-clears="other">: empty the field "other" and submit the form when the choice changes.
  document.addEventListener("change", function (event) {
    var select = event.target;
    var other = select.getAttribute && select.getAttribute("data-clears");
    if (other === null || other === undefined || !select.form) {
      return;
    }
    if (select.form.elements[other]) {
      select.form.elements[other].value = "";
    }
    select.form.requestSubmit();
  });
})();
