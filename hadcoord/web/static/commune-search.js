// Commune search box: suggestions from /api/communes from the 2nd letter typed (« Tou » →
// Toulouse first); the chosen commune's INSEE code goes into the hidden field. Without
// JavaScript the server resolves the typed name and asks to confirm a match that is not exact.
(function () {
  const input = document.querySelector("[data-search-url]");
  const hidden = document.getElementById("commune_code");
  const list = document.getElementById("commune-suggestions");
  if (!input || !hidden || !list) { return; }
  let codes = {};
  let timer = null;
  let latest = 0;  // only the answer to the last keystroke is shown
  input.addEventListener("input", function () {
    hidden.value = codes[input.value] || "";
    clearTimeout(timer);
    if (input.value.trim().length < 2 || hidden.value) { return; }
    const asked = ++latest;
    timer = setTimeout(async function () {
      const prefer = input.dataset.preferDepartment;  // the user's HAD's department first
      const url = input.dataset.searchUrl + "?limit=8&q=" + encodeURIComponent(input.value) +
        (prefer ? "&prefer_department=" + encodeURIComponent(prefer) : "");
      const response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok || asked !== latest) { return; }
      const found = await response.json();
      if (asked !== latest) { return; }
      codes = {};
      list.replaceChildren();
      for (const commune of found) {
        const label = commune.label + " — " + commune.postal_codes.join(", ") + " — INSEE " + commune.code;
        codes[label] = commune.code;
        const option = document.createElement("option");
        option.value = label;
        list.appendChild(option);
      }
    }, 120);
  });
  // A commune clicked among those proposed after a refused submission replaces the typed text.
  document.querySelectorAll("input[name=commune_choice]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      input.value = radio.parentElement.textContent.trim();
      hidden.value = radio.value;
      codes[input.value] = radio.value;
    });
  });
})();
