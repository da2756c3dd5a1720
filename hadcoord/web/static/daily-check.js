// Daily-check form: show the ICE items when the writing test is altered (or impossible) and
// the ICE score is missing or normal (10/10). The server checks the same rule.
(function () {
  "use strict";
  var form = document.getElementById("daily-check");
  if (!form) { return; }
  var writing = form.querySelector("#writing_test");
  var score = form.querySelector("#ice_score");
  var items = document.getElementById("ice-items");
  function update() {
    var changed = writing.value === "altered" || writing.value === "unable";
    var value = score.value.trim();
    if (changed && (value === "" || value === "10")) { items.hidden = false; }
  }
  writing.addEventListener("change", update);
  score.addEventListener("input", update);
  update();
}());
