/**
 * The HTTP control plane of {@code serve}: {@code /metrics}, {@code /health} and {@code /api/params}. The
 * request handling is plain Java ({@link dev.scatterbatch.controlplane.http.ParamsApi}); the verticle only routes.
 */
package dev.scatterbatch.controlplane.http;
