package io.govstream.topology.plan;

import org.apache.kafka.clients.admin.Admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * The ordered changes that make a cluster match the catalogue, plus anything that cannot be
 * changed automatically (errors). A plan with errors is shown but never applied.
 */
public final class Plan {

    private final List<Action> actions;
    private final List<String> errors;

    Plan(List<Action> actions, List<String> errors) {
        // Stable sort: within a phase, the planners' order (topics, users, ACLs) is kept.
        this.actions = actions.stream().sorted(Comparator.comparing(Action::phase)).toList();
        this.errors = List.copyOf(errors);
    }

    public List<Action> actions() {
        return actions;
    }

    public List<String> errors() {
        return errors;
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** True when the cluster already matches the catalogue. */
    public boolean isEmpty() {
        return actions.isEmpty() && errors.isEmpty();
    }

    /** The dry-run output: errors first ({@code !}), then one line per action. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        errors.forEach(e -> lines.add("! " + e));
        actions.forEach(a -> lines.add(a.describe()));
        return lines;
    }

    /**
     * Applies the actions in order and stops at the first failure.
     *
     * @throws IllegalStateException if the plan has errors; nothing is applied then
     * @throws ApplyException        if an action fails; it carries what had been applied
     */
    public ApplyReport apply(Admin admin) {
        if (hasErrors()) {
            throw new IllegalStateException("The plan has errors, nothing was applied:\n  ! " + String.join("\n  ! ", errors));
        }
        long start = System.nanoTime();
        List<String> applied = new ArrayList<>();
        for (Action action : actions) {
            try {
                action.apply(admin);
            } catch (ExecutionException e) {
                throw new ApplyException(action.describe(), report(applied, start), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApplyException(action.describe(), report(applied, start), e);
            }
            applied.add(action.describe());
        }
        return report(applied, start);
    }

    private static ApplyReport report(List<String> applied, long start) {
        return new ApplyReport(applied, Duration.ofNanos(System.nanoTime() - start));
    }
}
