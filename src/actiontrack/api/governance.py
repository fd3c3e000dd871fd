"""The governance commands as library calls: `escalations` (rules from the repository, history from git)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from actiontrack import gitrepo
from actiontrack.errors import Finding, UsageError
from actiontrack.load.config import Settings, read_settings
from actiontrack.load.discover import locate_plans, plan_sources
from actiontrack.load.loader import Loader, plans_of, unreadable_of
from actiontrack.model import Plan
from actiontrack.query.asof import plans_as_of
from actiontrack.query.escalations import Escalations, History, RuleResult, evaluate, history_dates


class ConfigError(UsageError):
    """The repository's settings have errors: nothing is computed from rules that may be wrong."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(f"{settings.config or '.actiontrack.toml'} has errors (above): fix them first")
        self.findings: list[Finding] = list(settings.findings)


def settings_for(paths: Sequence[Path], config: Path | None = None) -> Settings:
    """The repository settings for the plans at `paths` (or from `config`); ConfigError when they have errors."""
    settings = read_settings(list(paths), config)
    if settings.findings:
        raise ConfigError(settings)
    return settings


def escalations(cwd: Path, paths: list[Path], plans_dir: Path | None, as_of: date, loader: Loader,
                config: Path | None = None) -> Escalations:
    """Which actions meet each escalation rule on `as_of` (docs/escalations.md).

    The plans are read as every listing reads them (the working tree, as its record stood on
    `as_of`); the plans at earlier summaries, which "red in N consecutive summaries" needs, come
    from git history.
    """
    targets = locate_plans(paths, plans_dir, cwd)
    settings = settings_for(targets, config)
    results = loader.load(plan_sources(targets, require=True), positions=False)
    plans = plans_as_of(plans_of(results), as_of)
    return Escalations(as_of, settings.config, tuple(rule_results(plans, as_of, settings, cwd, targets, loader)),
                       unreadable_of(results))


def rule_results(plans: Sequence[Plan], as_of: date, settings: Settings, cwd: Path, targets: list[Path],
                 loader: Loader) -> list[RuleResult]:
    """Every rule of `settings` over `plans`, with the history the rules need read from git."""
    days = history_dates(settings.rules, as_of)
    history, gap = (read_history(cwd, targets, days, loader) if days else ({}, None))
    return evaluate(plans, as_of, settings.rules, history, gap)


def read_history(cwd: Path, targets: list[Path], days: Sequence[date], loader: Loader) -> tuple[History | None, str]:
    """The plans at the last commit on or before each day (None for a day before the first commit).

    (None, why) when there is no history: not a git repository, or no git.
    """
    first = targets[0] if targets[0].is_dir() else targets[0].parent
    try:
        root = gitrepo.repo_root(first)
    except gitrepo.NotARepository:
        return None, "the plans are not in a git repository"
    except gitrepo.GitMissing:
        return None, "git is not installed"
    selection = gitrepo.selection_for(root, cwd, targets, None)
    out: dict[date, Sequence[Plan] | None] = {}
    for day in days:
        commit = gitrepo.rev_at(root, day)
        if commit is None:
            out[day] = None
            continue
        files = gitrepo.read_plans(root, commit.sha, selection)
        out[day] = plans_as_of(plans_of(loader.load(sorted(files.items()), positions=False)), day)
    return out, ""
