package dev.scatterbatch.model.cost;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfileLoaderTest {

    @Test
    void everyBundledProfileLoads() {
        for (String name : ProfileLoader.BUNDLED) {
            assertThat(ProfileLoader.load(name).name()).isEqualTo(name);
        }
    }

    @Test
    void nestedProfileInheritsDefaultAndMultipliesExits() {
        TrapCostProfile nested = ProfileLoader.load("nested");
        assertThat(nested.nestedMultiplier()).isEqualTo(8.0);
        assertThat(nested.kfdAllocFixedNs()).isEqualTo(TrapCostProfile.defaults().kfdAllocFixedNs());
    }

    @Test
    void fileSetsASubsetAndTheRestComesFromDefault(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("mine.yaml");
        Files.writeString(f, "kfdAllocFixed: 30us\nsplitLocation: guest\nmaxMapCount: 1000\n");
        TrapCostProfile p = ProfileLoader.load(f.toString());
        assertThat(p.name()).isEqualTo("mine");
        assertThat(p.kfdAllocFixedNs()).isEqualTo(30_000);
        assertThat(p.splitLocation()).isEqualTo(SplitLocation.GUEST);
        assertThat(p.maxMapCount()).isEqualTo(1000);
        assertThat(p.faultPerPageNs()).isEqualTo(100);
    }

    @Test
    void fileMayExtendAnotherBundledProfile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("deep.yaml");
        Files.writeString(f, "extends: nested\nhmmRangePerRange: 1us\n");
        TrapCostProfile p = ProfileLoader.load(f.toString());
        assertThat(p.nestedMultiplier()).isEqualTo(8.0);
        assertThat(p.hmmRangePerRangeNs()).isEqualTo(1_000);
    }

    @Test
    void unknownProfileNamesTheBundledOnes() {
        assertThatThrownBy(() -> ProfileLoader.load("fast"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown profile 'fast': not a bundled profile (default, nested, measured-here) and no such file");
    }

    @Test
    void wrongTypesAndRangesAreAllReportedNamingTheFileAndField(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "kfdAllocFixed: 20\nnestedMultiplier: eight\nmaxMapCount: 1.5\nsplitLocation: vmm\nfoo: 1\n");
        assertThatThrownBy(() -> ProfileLoader.load(f.toString()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        f + ": kfdAllocFixed must be a duration with a unit (such as 14us), got 20",
                        f + ": nestedMultiplier must be a number, got 'eight'",
                        f + ": maxMapCount must be a whole number, got 1.5",
                        f + ": splitLocation expected one of host-vmm, guest, got 'vmm'",
                        f + ": foo is not a known parameter (known: " + Parameter.knownKeys() + ")"));
    }

    @Test
    void outOfRangeValueInAFileNamesTheField(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("neg.yaml");
        Files.writeString(f, "faultPerPage: -1us\n");
        assertThatThrownBy(() -> ProfileLoader.load(f.toString()))
                .hasMessage(f + ": faultPerPage = -1us is out of range: allowed 0ns to 1ms");
    }

    @Test
    void aProfileStillSayingPerPageIsToldTheTwoParametersThatReplaceIt(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("old.yaml");
        Files.writeString(f, "perPage: 400ns\nperRange: 500ns\n");
        assertThatThrownBy(() -> ProfileLoader.load(f.toString()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        f + ": perPage is no longer a parameter: perPage was split where the kernel splits it: set faultPerPage"
                                + " (hmm_range_fault, at ALLOC and for re-faulted ranges) and mapPerPage (DMA map + PTE write,"
                                + " redone for the whole BO at every restore)",
                        f + ": perRange is no longer a parameter: perRange was split by ABI: set notifierInsertPerRange,"
                                + " hmmRangePerRange and mmapLockCycle"));
        assertThatThrownBy(() -> ProfileLoader.applyOverrides(TrapCostProfile.defaults(), List.of("perPage=1us")))
                .hasMessageStartingWith("perPage was split where the kernel splits it: set faultPerPage").hasMessageEndingWith(" in --set perPage=1us");
    }

    @Test
    void malformedYamlSaysWhere(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("broken.yaml");
        Files.writeString(f, "perPage: [1us\n");
        assertThatThrownBy(() -> ProfileLoader.load(f.toString()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(f + " is not valid YAML at line");
    }

    @Test
    void overridesApplyTogetherAndNameTheBadOnes() {
        TrapCostProfile p = ProfileLoader.applyOverrides(TrapCostProfile.defaults(),
                List.of("kfdAllocFixed=30us", "restoreGranularity=whole-bo"));
        assertThat(p.kfdAllocFixedNs()).isEqualTo(30_000);
        assertThat(p.restoreGranularity()).isEqualTo(RestoreGranularity.WHOLE_BO);
        assertThat(p.name()).isEqualTo("default+kfdAllocFixed=30us,restoreGranularity=whole-bo");
        assertThatThrownBy(() -> ProfileLoader.applyOverrides(TrapCostProfile.defaults(), List.of("kfdAlloc=1us")))
                .hasMessageStartingWith("unknown parameter 'kfdAlloc' in --set kfdAlloc=1us; known parameters: guestSyscall");
        assertThatThrownBy(() -> ProfileLoader.applyOverrides(TrapCostProfile.defaults(), List.of("perPage")))
                .hasMessage("--set perPage: expected name=value, such as kfdAllocFixed=30us");
    }

    @Test
    void toYamlWritesOnlyChangedValuesAndLoadsBack(@TempDir Path dir) throws Exception {
        TrapCostProfile p = TrapCostProfile.defaults().with(Parameter.KICK_EXIT, 2_960L);
        String yaml = ProfileLoader.toYaml(p, "probe result");
        assertThat(yaml).contains("# probe result").contains("kickExit: 2.96us").doesNotContain("perPage");
        Path f = dir.resolve("w.yaml");
        Files.writeString(f, yaml);
        assertThat(ProfileLoader.load(f.toString())).isEqualTo(p);
    }

    @Test
    void unknownKeysAreNamedOnceEachInOneProblemThatListsTheKnownNamesOnce(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("typos.yaml");
        Files.writeString(f, "kfdAlocFixed: 30us\nperpage: 1us\nkickExit: 2us\n");
        assertThatThrownBy(() -> ProfileLoader.load(f.toString()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        f + ": kfdAlocFixed, perpage are not known parameters (known: " + Parameter.knownKeys() + ")"));
    }

    @Test
    void thousandsOfUnknownKeysGiveOneLineOfReadableLength(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("junk.yaml");
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < 20_000; i++) yaml.append("junk").append(i).append(": 1\n");
        Files.writeString(f, yaml);
        assertThatThrownBy(() -> ProfileLoader.load(f.toString()))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).singleElement().asString()
                            .contains("junk0, junk1, ", "junk19 and 19,980 more are not known parameters")
                            .doesNotContain("junk20,");
                    assertThat(e.getMessage().length()).isLessThan(2_000);
                });
    }
}
