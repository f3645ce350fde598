/*
 * codex-trust.h: the user's approval of our Codex hooks, recorded by
 * Codex itself when the user asks for it (`git issue-init --agent codex
 * --trust-hooks`), and taken out again by the uninstall (codex-trust.c).
 */
#ifndef AGENT_CODEX_TRUST_H
#define AGENT_CODEX_TRUST_H

#include "agent/codex.h"

/* In $GIT_COMMON_DIR: how to take our approval out of config.toml. */
#define GI_CODEX_TRUST_FILE "issue-codex-trust"

/* What gi_codex_trust() did. */
enum gi_codex_trust_result {
	GI_CODEX_TRUST_RECORDED,	/* Codex recorded the approval */
	GI_CODEX_TRUST_ALREADY,		/* every hook of ours was approved */
	GI_CODEX_TRUST_UNLISTED,	/* Codex does not read them here */
};

/**
 * Ask Codex (`codex app-server`: hooks/list, then config/batchWrite, as
 * its /hooks screen does) to record the user's approval of our hooks in
 * `<root>/.codex/hooks.json`, and only of those: each must be listed by
 * Codex from that file with our command, matcher and timeout. What it
 * takes to undo the edit exactly is kept in $GIT_COMMON_DIR. `*n` is
 * how many were approved now.
 * @return a gi_codex_trust_result, or -1 (`err` says why).
 */
int gi_codex_trust(struct gi_repo *r, const char *root, size_t *n,
		   gi_buf *err);

/**
 * Take the approval of `k` (our hooks, read before they were removed)
 * out of the user's config.toml: exactly as Codex added it when the file
 * has not changed since, else the tables of their keys, as text. Never
 * through a symbolic link.
 * @return 1 removed, 0 nothing there, -1 (`err`).
 */
int gi_codex_untrust(struct gi_repo *r, const struct gi_codex_keys *k,
		     gi_buf *err);

#endif
