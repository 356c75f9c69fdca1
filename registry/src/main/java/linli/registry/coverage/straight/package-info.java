/**
 * Straight-line coverage in memory: the facilities of a category in a grid
 * ({@link linli.registry.coverage.straight.NearestIndex}), searched by chord length (a lower bound
 * of the ground distance that is also within millimetres of it), and the final answer taken on the
 * ellipsoid exactly as PostGIS's {@code ST_Distance(geography)} gives it
 * ({@link linli.registry.coverage.straight.PostgisGeodesic}) whenever the chord bounds alone cannot
 * settle it. Nothing here reads the database; {@code coverage.FacilityIndex} keeps the points current.
 */
package linli.registry.coverage.straight;
