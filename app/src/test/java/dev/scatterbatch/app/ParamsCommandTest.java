package dev.scatterbatch.app;

import dev.scatterbatch.model.cost.TrapCostProfile;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ParamsCommandTest {

    @Test
    void docsParametersHoldsTheGeneratedTable() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "parameters.md"));
        assertThat(doc).as("regenerate with ./scatterbatch params --markdown").endsWith(ParamsCommand.markdown(TrapCostProfile.defaults()));
    }

    @Test
    void listsEveryParameterOfTheNamedProfileWithOverrides() {
        CliRunner r = CliRunner.run("params", "--profile", "nested", "--set", "faultPerPage=1us");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("profile nested+faultPerPage=1us").containsPattern("nestedMultiplier\\s+8")
                .containsPattern("faultPerPage\\s+1us");
    }
}
