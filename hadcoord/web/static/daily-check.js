// Daily-check form: show the ICE items when a neurological sign is checked, or when the
// writing test is altered (or impossible) and the ICE score is missing or normal (10/10).
// The server checks the same rule.
(function () {
  "use strict";
  var form = document.getElementById("daily-check");
  if (!form) { return; }
  var writing = form.querySelector("#writing_test");
  var score = form.querySelector("#ice_score");
  var items = document.getElementById("ice-items");
  var signs = form.querySelectorAll("#neuro-signs input[type=checkbox]");
  function update() {
    var changed = writing.value === "altered" || writing.value === "unable";
    var value = score.value.trim();
    if (changed && (value === "" || value === "10")) { items.hidden = false; }
    for (var i = 0; i < signs.length; i += 1) {
      if (signs[i].checked) { items.hidden = false; }
    }
  }
  for (var j = 0; j < signs.length; j += 1) { signs[j].addEventListener("change", update); }
  writing.addEventListener("change", update);
  score.addEventListener("input", update);
  update();
}());
