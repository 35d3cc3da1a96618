/** Series colours, each ≥ 3:1 against white (WCAG 1.4.11); lines differ by dash as well as colour. */
export const BLUE = "#1d4ed8";
export const AMBER = "#b45309";
export const GREEN = "#15803d";
export const RED = "#b91c1c";
