// Commune search box: suggestions from /api/communes while typing; the chosen commune's INSEE
// code goes into the hidden field. Without JavaScript the server resolves the typed name.
(function () {
  const input = document.querySelector("[data-search-url]");
  const hidden = document.getElementById("commune_code");
  const list = document.getElementById("commune-suggestions");
  if (!input || !hidden || !list) { return; }
  let codes = {};
  let timer = null;
  input.addEventListener("input", function () {
    hidden.value = codes[input.value] || "";
    clearTimeout(timer);
    if (input.value.trim().length < 2 || hidden.value) { return; }
    timer = setTimeout(async function () {
      const url = input.dataset.searchUrl + "?limit=8&q=" + encodeURIComponent(input.value);
      const response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok) { return; }
      const found = await response.json();
      codes = {};
      list.replaceChildren();
      for (const commune of found) {
        const label = commune.label + " — " + commune.postal_codes.join(", ") + " — INSEE " + commune.code;
        codes[label] = commune.code;
        const option = document.createElement("option");
        option.value = label;
        list.appendChild(option);
      }
    }, 150);
  });
})();
