"""JavaScript helpers for colour-contrast checks in the browser tests (WCAG 2.1).

`WCAG_HELPERS` is pasted at the top of a function body passed to
`page.evaluate`: `parse(css colour)`, `lum([r, g, b])` (relative luminance),
`ratio(fg, bg)` (contrast ratio) and `backdrop(node)` (the first opaque
background colour from `node` up, white if none).
"""

WCAG_HELPERS = """
  const parse = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (fg, bg) => {
    const [a, b] = [lum(fg) + 0.05, lum(bg) + 0.05];
    return Math.max(a, b) / Math.min(a, b);
  };
  const backdrop = node => {
    for (let n = node; n; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
"""
