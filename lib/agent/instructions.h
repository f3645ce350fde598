/*
 * instructions.h: the few lines every agent in a worktree should read
 * (how to record a lesson, look for earlier failures, create an issue, a
 * roadmap, a follow-up), placed where the agent reads them, in every
 * worktree (instructions.c).
 *
 * Claude Code reads CLAUDE.local.md from the folder a session starts in
 * and every folder above it (2.1.197 and 2.1.337, measured), and a linked
 * worktree sees only its own files: so each worktree gets its own
 * CLAUDE.local.md, which the common info/exclude keeps out of git in
 * every worktree, so that no worktree looks changed. Codex and the others
 * read AGENTS.md: it gets the block where git does not track it, under
 * the same exclude; a tracked AGENTS.md is the project's and changes only
 * where `git issue-init` runs (to be committed).
 */
#ifndef AGENT_INSTRUCTIONS_H
#define AGENT_INSTRUCTIONS_H

#include "gitissue/util/buf.h"

#define GI_CLAUDE_LOCAL_MD "CLAUDE.local.md"
#define GI_AGENTS_MD "AGENTS.md"

/* Beside gi_block_result: the file is tracked, or a symbolic link, and
 * was left alone. */
#define GI_INSTRUCTIONS_TRACKED 100
#define GI_INSTRUCTIONS_LINK 101

/**
 * Put the instructions block in (or with `remove` take it out of) the
 * file `name` at the top of the worktree `worktree`. A file git tracks
 * there is changed only when `here` (the worktree the user runs init
 * in); a symbolic link never (it could point anywhere).
 * @return a gi_block_result, GI_INSTRUCTIONS_TRACKED,
 * GI_INSTRUCTIONS_LINK, or -1 (`err` says why).
 */
int gi_instructions_place(const char *worktree, const char *name, int here,
			  int remove, gi_buf *err);

/** Does the git of `worktree` track `name` (its index has it)? */
int gi_instructions_tracked(const char *worktree, const char *name);

#endif
