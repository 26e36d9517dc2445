/** Types for eslint.config.js, which the layer test imports for its LAYERS list. */
export declare const LAYERS: string[]
declare const config: unknown
export default config
