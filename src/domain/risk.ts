export const RISK_BANDS = ["safe", "warning", "high_risk", "breached"] as const;
export type RiskBand = (typeof RISK_BANDS)[number];

/** The ranks of `bands` in RISK_BANDS (safe 0 … breached 3), as stored risk filters compare them. */
export const riskRanks = (bands: readonly RiskBand[]): number[] => bands.map((band) => RISK_BANDS.indexOf(band));

/** The band of a risk percent (contract §4): safe < 50, warning 50–74, high_risk 75–99, breached ≥ 100. */
export function riskBand(percent: number): RiskBand {
  if (percent >= 100) return "breached";
  if (percent >= 75) return "high_risk";
  if (percent >= 50) return "warning";
  return "safe";
}

/** Risk = floor(elapsed business minutes × 100 / target). */
export function riskPercent(elapsedMinutes: number, targetMinutes: number): number {
  return Math.floor((elapsedMinutes * 100) / targetMinutes);
}

/** The fewest whole elapsed minutes at which the risk reaches `percent`. */
export function minutesToReach(percent: number, targetMinutes: number): number {
  return Math.ceil((percent * targetMinutes) / 100);
}
