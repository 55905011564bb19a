/**
 * `effect-integrations/google-maps`: the Google Maps Platform client (Geocoding, Places API (New), Routes v2), its
 * Schemas and error reading.
 *
 * @since 0.2.0
 */

/**
 * @since 0.2.0
 */
export * as GoogleMapsClient from "./GoogleMapsClient.js"

/**
 * @since 0.2.0
 */
export * as GoogleMapsSchemas from "./GoogleMapsSchemas.js"

/**
 * @since 0.2.0
 */
export * as GoogleMapsError from "./GoogleMapsError.js"

/**
 * Forward and reverse geocoding.
 *
 * @since 0.2.0
 */
export * as GoogleMapsGeocoding from "./resources/Geocoding.js"

/**
 * Text and Nearby Search, Details, Autocomplete, Photo media.
 *
 * @since 0.2.0
 */
export * as GoogleMapsPlaces from "./resources/Places.js"

/**
 * Compute Routes and the Route Matrix.
 *
 * @since 0.2.0
 */
export * as GoogleMapsRoutes from "./resources/Routes.js"
