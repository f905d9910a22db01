import { describe, expect, it } from "vitest";
import type { ExecutionStep, ScheduleExecution, StepState } from "../../src/shared/model";
import { describeProgress } from "../../src/renderer/src/features/schedules/schedule-format";

// Issue #10 §2: the step rail's summary must not contradict its steps ("Step 3 of 5 running"
// while step 3 shows Done).

function execution(states: StepState[], status: ScheduleExecution["status"] = "inProgress", groups?: number[]): ScheduleExecution {
  const steps: ExecutionStep[] = states.map((state, i) => ({
    stepIndex: i,
    group: groups?.[i] ?? i + 1,
    runProfileId: i + 1,
    systemName: "HR",
    runProfileName: `Step ${i + 1}`,
    continueOnFailure: false,
    activityId: state === "pending" || state === "notRun" ? null : 100 + i,
    status: null,
    state,
  }));
  return { id: 1, scheduleId: 1, scheduleName: "Nightly", status, initiatedBy: "user", startedAt: null, endedAt: null, message: null, steps };
}

describe("describeProgress", () => {
  it("between steps names the next step as starting, not the finished one as running", () => {
    expect(describeProgress(execution(["done", "done", "done", "pending", "pending"]))).toBe("Step 4 of 5 starting");
  });

  it("names the group whose step is running", () => {
    expect(describeProgress(execution(["done", "done", "running", "pending", "pending"]))).toBe("Step 3 of 5 running");
  });

  it("counts a parallel group as one step", () => {
    const parallel = execution(["done", "running", "done", "pending"], "inProgress", [1, 2, 2, 3]);
    expect(describeProgress(parallel)).toBe("Step 2 of 3 running");
    expect(describeProgress(execution(["done", "done", "done", "done"], "complete", [1, 2, 2, 3]))).toBe("3 of 3 steps done");
  });

  it("after the last step, while the execution writes its outcome, says so", () => {
    expect(describeProgress(execution(["done", "done"]))).toBe("2 of 2 steps done, finishing");
  });
});

describe("stepsRunSummary", () => {
  it("counts groups like the rail, naming the run profiles when a group ran several", async () => {
    const { stepsRunSummary } = await import("../../src/main/schedules/engine");
    expect(stepsRunSummary([{ group: 1 }, { group: 2 }, { group: 3 }, { group: 4 }, { group: 5 }, { group: 5 }])).toBe("5 steps run (6 run profiles)");
    expect(stepsRunSummary([{ group: 1 }, { group: 2 }])).toBe("2 steps run");
    expect(stepsRunSummary([{ group: 1 }])).toBe("1 step run");
  });
});
