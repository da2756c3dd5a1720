// Scenario editor: a commune clicked on the result map (hadcoord-map.js tells this page) fills
// the « étendre ou réduire un territoire » change, as if typed and chosen in the search box:
// « réduire » when the chosen HAD's territory already holds it, « étendre » otherwise (a second
// click on it thus removes what the first added). The typed search stays the keyboard way.
// Only messages from this site's own maps are read.
(function () {
  const input = document.getElementById("territory_commune");
  const hidden = document.getElementById("commune_code");
  const status = document.getElementById("map-pick");
  const kind = document.getElementById("territory_kind");
  const had = document.getElementById("territory_establishment");
  if (!input || !hidden || !status || !kind || !had) { return; }
  let picked = null;

  function propose() {
    if (!picked || hidden.value !== picked.code) { return; }
    const inside = picked.had.some(function (h) { return h[0] === had.value; });
    kind.value = inside ? "shrink" : "extend";
    const names = picked.had.map(function (h) { return h[1]; });
    status.textContent = picked.name + " (" + picked.code + ") choisie sur la carte ; " +
      (names.length ? "dans le territoire de : " + names.join(", ") : "dans aucun territoire") +
      (had.value ? " — proposé : « " + kind.options[kind.selectedIndex].text + " »." :
       " — choisissez l'HAD, puis « Ajouter ce changement ».");
  }

  window.addEventListener("message", function (event) {
    const data = event.data;
    if (event.origin !== window.location.origin || !data || data.hadcoord !== "commune" ||
        typeof data.code !== "string" || typeof data.name !== "string" ||
        !Array.isArray(data.had)) { return; }
    picked = data;
    input.value = data.name + " — INSEE " + data.code;
    hidden.value = data.code;
    propose();
    kind.scrollIntoView({block: "center"});
    had.focus({preventScroll: true});
  });
  had.addEventListener("change", propose);
})();
