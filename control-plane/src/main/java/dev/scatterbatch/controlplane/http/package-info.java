/**
 * The HTTP control plane of {@code serve}: the tuning page at {@code /}, {@code /metrics}, {@code /health},
 * {@code /api/params} and {@code /api/live}. The request handling is plain Java
 * ({@link dev.scatterbatch.controlplane.http.ParamsApi}); the verticle routes and enforces the limits.
 */
package dev.scatterbatch.controlplane.http;
