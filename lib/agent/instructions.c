/*
 * instructions.c: the instructions block in every worktree
 * (instructions.h).
 */
#include "agent/instructions.h"

#include <errno.h>
#include <git2.h>
#include <string.h>
#include <sys/stat.h>

#include "agent/block.h"
#include "gitissue/agent/agent.h"
#include "gitissue/util/repo.h"

int gi_instructions_tracked(const char *worktree, const char *name)
{
	git_repository *repo;
	git_index *index;
	int found = 0;

	if (git_repository_open(&repo, worktree) < 0) {
		git_error_clear();
		return 0;
	}
	if (!git_repository_index(&index, repo)) {
		found = git_index_get_bypath(index, name, 0) != NULL;
		git_index_free(index);
	}
	git_error_clear();
	git_repository_free(repo);
	return found;
}

int gi_instructions_place(const char *worktree, const char *name, int here,
			  int remove, gi_buf *err)
{
	gi_buf path = GI_BUF_INIT, body = GI_BUF_INIT;
	struct stat st;
	int ret;

	gi_buf_addf(&path, "%s/%s", worktree, name);
	if (!lstat(path.buf, &st) && S_ISLNK(st.st_mode)) {
		ret = GI_INSTRUCTIONS_LINK;
		goto done;
	}
	if (!here && gi_instructions_tracked(worktree, name)) {
		ret = GI_INSTRUCTIONS_TRACKED;
		goto done;
	}
	gi_agent_instructions(&body);
	ret = remove ? gi_block_file_cut(path.buf, &gi_block_markdown, err) :
		gi_block_file_put(path.buf, &gi_block_markdown, body.buf, 0644,
				  err);
done:
	gi_buf_release(&path);
	gi_buf_release(&body);
	return ret;
}
