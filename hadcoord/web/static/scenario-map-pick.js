// Scenario editor: a commune clicked on the result map (hadcoord-map.js tells this page) fills
// the « étendre ou réduire un territoire » change, as if typed and chosen in the search box;
// the typed search stays the keyboard way. Only messages from this site's own maps are read.
(function () {
  const input = document.getElementById("territory_commune");
  const hidden = document.getElementById("commune_code");
  const status = document.getElementById("map-pick");
  const kind = document.getElementById("territory_kind");
  if (!input || !hidden || !status) { return; }
  window.addEventListener("message", function (event) {
    const data = event.data;
    if (event.origin !== window.location.origin || !data || data.hadcoord !== "commune" ||
        typeof data.code !== "string" || typeof data.name !== "string") { return; }
    input.value = data.name + " — INSEE " + data.code;
    hidden.value = data.code;
    status.textContent = data.name + " (" + data.code + ") choisie sur la carte : choisissez " +
      "l'HAD, étendre ou réduire, puis « Ajouter ce changement ».";
    if (kind) { kind.scrollIntoView({block: "center"}); kind.focus({preventScroll: true}); }
  });
})();
