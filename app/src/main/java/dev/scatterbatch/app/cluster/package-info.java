/**
 * Several processes, one run: guests and host as separate cluster members ({@code host}, {@code guest}), and a
 * coordinator handing worlds to workers ({@code sweep --cluster}, {@code calibrate --cluster}, {@code worker}), over
 * Vert.x clustered by Hazelcast with a TCP/IP member list. See docs/cluster.md.
 */
package dev.scatterbatch.app.cluster;
