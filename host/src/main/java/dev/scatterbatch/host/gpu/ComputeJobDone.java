package dev.scatterbatch.host.gpu;

/**
 * A compute job finished. Its time from submission to completion splits into running on the GPU, waiting
 * while its own process's queues were evicted, and waiting for other processes' work.
 *
 * @param processId    the KFD process that submitted it
 * @param jobId        the submitter's job number
 * @param submittedAtNs when it was submitted
 * @param doneAtNs     when it finished
 * @param runNs        GPU time it used
 * @param stallNs      time it could not run because its process's queues were evicted
 * @param contentionNs time it waited for other processes' jobs
 */
public record ComputeJobDone(int processId, long jobId, long submittedAtNs, long doneAtNs,
                             long runNs, long stallNs, long contentionNs) {
}
