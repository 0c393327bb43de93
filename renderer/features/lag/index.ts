/*
 * The lag panel, the header's sparkline, and the forecast the charts, the header and comms share.
 * Other features and App import a feature through this file only (eslint.config.js holds it).
 */
export { LagPanel, type LagPanelProps } from './LagPanel';
export { type ForecastOf, useForecasts } from './useForecasts';
export { WorstLagSparkline } from './WorstLagSparkline';
