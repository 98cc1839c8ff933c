package dev.scatterbatch.dashboards;

import static dev.scatterbatch.model.metrics.MetricNames.VIRTUAL_TIME;

/** What every scatterbatch dashboard starts with. */
final class Boards {

    private Boards() {
    }

    /**
     * A dashboard with the scatterbatch tags, the {@code datasource} variable and the {@code job} filter
     * (over the jobs that export the model's virtual time).
     */
    static Dashboard.Builder start(String uid, String title, String description) {
        return Dashboard.builder(uid, title, description)
                .tags("scatterbatch", "kvm", "kfd", "simulation")
                .variable(Variable.dataSource())
                .variable(Variable.labelFilter(PromQl.JOB, "Job", VIRTUAL_TIME.prometheusName()));
    }
}
