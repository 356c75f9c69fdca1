/**
 * In-memory "network" coverage mode: walking distance along the walkable roads, with no database.
 *
 * <p>{@link linli.registry.coverage.network.RoadGraph} is built once per road import (noded at shared
 * vertices on a 1e-7 degree lattice, geodesic edge lengths on GRS80 = CGCS2000's ellipsoid) and kept;
 * {@link linli.registry.coverage.network.WalkingDistance#nearest} then answers one category at a time
 * with a single Dijkstra seeded from all its facilities. Per the API contract a point joins the
 * network by a straight leg to the nearest point of the nearest road, at most 1,000 m long; otherwise
 * its distance is NaN (nearest_m null, not covered).
 *
 * <p>The caller loads roads and points; MultiLineStrings must be split into their LineStrings.
 */
package linli.registry.coverage.network;
