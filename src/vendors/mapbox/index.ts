/**
 * `effect-integrations/mapbox`: the Mapbox client (Geocoding v6, Directions, Matrix), its Schemas and error reading.
 *
 * @since 0.2.0
 */

/**
 * @since 0.2.0
 */
export * as MapboxClient from "./MapboxClient.js"

/**
 * @since 0.2.0
 */
export * as MapboxSchemas from "./MapboxSchemas.js"

/**
 * @since 0.2.0
 */
export * as MapboxError from "./MapboxError.js"

/**
 * Forward, reverse and batch geocoding.
 *
 * @since 0.2.0
 */
export * as MapboxGeocoding from "./resources/Geocoding.js"

/**
 * Directions and Matrix.
 *
 * @since 0.2.0
 */
export * as MapboxNavigation from "./resources/Navigation.js"
