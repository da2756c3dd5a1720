// hadcoord — « Copier l'adresse » (progressive enhancement): without JavaScript the address
// stays in a read-only field the user can select; with it, the button appears and copies it.
(function () {
  "use strict";

  function copy(field, status) {
    field.focus();
    field.select();
    var done = function () { status.textContent = "Adresse copiée."; };
    var failed = function () {
      status.textContent = "Copie impossible : sélectionnez l'adresse et copiez-la.";
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, failed);
      return;
    }
    try {
      if (document.execCommand("copy")) { done(); } else { failed(); }
    } catch (error) {
      failed();
    }
  }

  function setUp() {
    var buttons = document.querySelectorAll("button.copy-button[data-copy]");
    for (var i = 0; i < buttons.length; i += 1) {
      var button = buttons[i];
      var field = document.getElementById(button.getAttribute("data-copy"));
      var status = document.getElementById(button.getAttribute("aria-describedby"));
      if (!field || !status) { continue; }
      button.hidden = false;
      button.addEventListener("click", copy.bind(null, field, status));
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
}());
