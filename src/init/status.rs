//! Which CloudFormation stack and resource statuses `iops init` can read: a stack that rolled
//! back or was deleted lists resources that no longer exist, and a resource that failed to create
//! has no physical id — writing either gives an `iops.toml` that names nothing.

/// What a stack's status means for `iops init`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StackVerdict {
    /// Its resources are what the stack says.
    Usable,
    /// Usable, with a note: it is changing, so the placed values may change when it ends.
    Changing,
    /// Its resources were deleted, never created, or are in an unknown state: refused without
    /// `--force`.
    Refused,
}

/// CREATE_COMPLETE, UPDATE_COMPLETE, UPDATE_ROLLBACK_COMPLETE (the update was undone, the stack
/// is as before it), IMPORT_COMPLETE and IMPORT_ROLLBACK_COMPLETE are usable. ROLLBACK_COMPLETE
/// is a failed *creation* with everything deleted again; every `*_FAILED` leaves resources in an
/// unknown state; DELETE_COMPLETE is gone. ROLLBACK_IN_PROGRESS and DELETE_IN_PROGRESS end in
/// one of those, so they are refused too; the other `*_IN_PROGRESS` statuses (create, update,
/// update rollback, import, review) are read with a note. A status CloudFormation adds later is
/// read with a note rather than refused.
pub fn stack_verdict(status: &str) -> StackVerdict {
    match status {
        "CREATE_COMPLETE"
        | "UPDATE_COMPLETE"
        | "UPDATE_ROLLBACK_COMPLETE"
        | "IMPORT_COMPLETE"
        | "IMPORT_ROLLBACK_COMPLETE" => StackVerdict::Usable,
        "ROLLBACK_COMPLETE" | "DELETE_COMPLETE" | "ROLLBACK_IN_PROGRESS" | "DELETE_IN_PROGRESS" => {
            StackVerdict::Refused
        }
        s if s.ends_with("_FAILED") => StackVerdict::Refused,
        _ => StackVerdict::Changing,
    }
}

/// Why a resource is not placed, or None when it exists: failed (`*_FAILED`), deleted or being
/// deleted (`DELETE_*`, including DELETE_SKIPPED: retained, so no longer the stack's), or without
/// a physical id (never created).
pub fn resource_skip(status: &str, physical_id: &str) -> Option<String> {
    if status.ends_with("_FAILED") || status.starts_with("DELETE_") {
        Some(status.to_string())
    } else if physical_id.trim().is_empty() {
        Some(if status.is_empty() {
            "no physical id".to_string()
        } else {
            format!("{status} without a physical id")
        })
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stack_statuses() {
        for usable in [
            "CREATE_COMPLETE",
            "UPDATE_COMPLETE",
            "UPDATE_ROLLBACK_COMPLETE",
            "IMPORT_COMPLETE",
            "IMPORT_ROLLBACK_COMPLETE",
        ] {
            assert_eq!(stack_verdict(usable), StackVerdict::Usable, "{usable}");
        }
        for refused in [
            "ROLLBACK_COMPLETE",
            "ROLLBACK_FAILED",
            "CREATE_FAILED",
            "DELETE_COMPLETE",
            "DELETE_FAILED",
            "UPDATE_ROLLBACK_FAILED",
            "UPDATE_FAILED",
            "IMPORT_ROLLBACK_FAILED",
            "ROLLBACK_IN_PROGRESS",
            "DELETE_IN_PROGRESS",
        ] {
            assert_eq!(stack_verdict(refused), StackVerdict::Refused, "{refused}");
        }
        for changing in [
            "CREATE_IN_PROGRESS",
            "UPDATE_IN_PROGRESS",
            "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
            "UPDATE_ROLLBACK_IN_PROGRESS",
            "REVIEW_IN_PROGRESS",
        ] {
            assert_eq!(
                stack_verdict(changing),
                StackVerdict::Changing,
                "{changing}"
            );
        }
    }

    #[test]
    fn resource_statuses() {
        for kept in ["CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_IN_PROGRESS"] {
            assert_eq!(resource_skip(kept, "fn-1"), None, "{kept}");
        }
        for skipped in [
            "CREATE_FAILED",
            "UPDATE_FAILED",
            "DELETE_COMPLETE",
            "DELETE_IN_PROGRESS",
            "DELETE_SKIPPED",
            "DELETE_FAILED",
        ] {
            assert_eq!(
                resource_skip(skipped, "fn-1").as_deref(),
                Some(skipped),
                "{skipped}"
            );
        }
        assert_eq!(
            resource_skip("CREATE_IN_PROGRESS", " ").as_deref(),
            Some("CREATE_IN_PROGRESS without a physical id")
        );
        assert_eq!(resource_skip("", "").as_deref(), Some("no physical id"));
    }
}
