/*
 * github.h: a small, careful client of GitHub's REST API. Errors it
 * returns that a caller acts on: GI_ERATELIMIT, GI_ENOTOKEN, GI_ETRANSPORT
 * (util.h). Only the objects that call this link libcurl.
 *
 * One curl handle per sync; every request has connect and total timeouts,
 * GitHub's headers (User-Agent, Accept: application/vnd.github+json,
 * X-GitHub-Api-Version: 2022-11-28) and the token, which is never printed.
 * GETs are retried on 5xx and connection errors; nothing else is retried
 * blindly. Primary rate limits wait until x-ratelimit-reset (read against
 * the response's Date, the server's clock) when that is within
 * issue.syncMaxWait; secondary limits honour Retry-After, else 60 s, with
 * exponential back-off and bounded tries. Pagination follows the Link
 * header exactly as given.
 */
#ifndef GITISSUE_SYNC_GITHUB_H
#define GITISSUE_SYNC_GITHUB_H

#include <cjson/cJSON.h>

#include "gitissue/util/repo.h"
#include "sync/target.h"

#define GI_GITHUB_API_VERSION "2022-11-28"
#define GI_USER_AGENT "git-issue/0.1"

struct gi_response {
	long status;		/* 0 when there was no response */
	gi_buf body;
	char *etag;
	char *next;		/* Link rel="next", as given */
	long remaining;		/* x-ratelimit-remaining, -1 unknown */
	long reset;		/* x-ratelimit-reset (epoch s), 0 unknown */
	long retry_after;	/* seconds, -1 none */
	long date;		/* Date header (epoch s), 0 unknown */
};
void gi_response_release(struct gi_response *resp);

/**
 * Read one header line of an answer (as libcurl hands it over, CRLF
 * included) into `resp`: ETag, Link's rel="next", the rate-limit headers,
 * Retry-After, Date. A status line starts a new set.
 */
void gi_github_parse_header(struct gi_response *resp, const char *line,
			    size_t len);

struct gi_github_stats {
	long get, get_304, post, patch, delete_, retries, waits;
	long slept_s;
};

struct gi_github {
	void *curl;
	char *auth;		/* "Authorization: Bearer ...": never shown */
	struct gi_github_target *target;
	long deadline_ms;	/* 0: none */
	long max_wait_s;	/* longest rate-limit wait (issue.syncMaxWait) */
	long mutation_delay_ms;	/* between mutations (issue.mutationDelay) */
	long last_mutation_ms;
	long timeout_ms;	/* per request */
	int fake_sleep;		/* GIT_ISSUE_TEST_NO_SLEEP: log, do not sleep */
	struct gi_github_stats stats;
	char *login;		/* the token's account, once asked (GET /user) */
	double user_id;
	const char *token_source;	/* where the token came from, for messages */
	gi_buf cred;		/* git credential fill's answer, until used */
	int cred_done;		/* approved or rejected already */
	int cred_rejected;	/* rejected after a 401 */
	char *ssl_cainfo;	/* http.sslCAInfo, GIT_SSL_CAINFO */
	char *ssl_capath;	/* http.sslCAPath, GIT_SSL_CAPATH */
	int ssl_no_verify;	/* http.sslVerify false, GIT_SSL_NO_VERIFY */
	long last_curl;		/* CURLcode of the last exchange */
	int said_moved;		/* "the repository moved", said once */
	long server_date;	/* the last answer's Date (epoch s), 0 none */
	long server_date_ms;	/* when it came, on our clock (gi_now_ms) */
	char errbuf[256];
};

/**
 * Find the token (GH_TOKEN / GITHUB_TOKEN for github.com, GH_ENTERPRISE_TOKEN
 * / GITHUB_ENTERPRISE_TOKEN for other hosts, then `gh auth token`, then
 * `git credential fill`, within `deadline_ms` (0: none)) and set up the
 * client.
 * @return 0, GI_ENOTOKEN, or -1.
 */
int gi_github_open(struct gi_github *gh, struct gi_repo *r,
		   struct gi_github_target *t, long deadline_ms);
void gi_github_close(struct gi_github *gh);

/** Does a request's error stop the whole sync (the rate limit reached,
 * or GitHub not answering), rather than one issue's step? */
static inline int gi_github_stops(int err)
{
	return err == GI_ERATELIMIT || err == GI_ETRANSPORT;
}

/**
 * GET `url` (absolute, or a path under the API base), conditional when
 * `etag` is given. Retries 5xx and connection errors; waits out rate limits
 * within the limits above.
 * @return 0 with a response (check resp->status: 200, 304, 404...),
 * GI_ERATELIMIT, GI_ETRANSPORT, or -1; errors are reported.
 */
int gi_github_get(struct gi_github *gh, const char *url, const char *etag,
		  struct gi_response *resp);

/**
 * POST, PATCH or DELETE (`json` may be NULL), once: a failure without a
 * response is NOT
 * retried here (the caller must first check whether it took effect). A
 * rate-limit refusal, which GitHub guarantees stored nothing, is waited out
 * and retried within the limits above.
 */
int gi_github_send(struct gi_github *gh, const char *method, const char *url,
		   const char *json, struct gi_response *resp);

/**
 * The server's time now (epoch s): its last answer's Date header moved on
 * by our clock since. Anything the server compares (a `since`) is in its
 * time, not ours: a machine clock a day ahead of GitHub's missed the
 * issue it had just created. With no answer yet, GET /rate_limit (free)
 * tells it; our clock when even that fails.
 */
long gi_github_server_now(struct gi_github *gh);

/**
 * The account the token belongs to (GET /user, asked once per client).
 * *login lives as long as `gh`.
 * @return 0, or a negative error as gi_github_get (reported).
 */
int gi_github_user(struct gi_github *gh, const char **login);

/**
 * gi_github_user, remembered in `cache` (a JSON object kept in the sync
 * state) under gi_github_token_key (github-token.h): asked once per token, not per run.
 */
int gi_github_user_cached(struct gi_github *gh, cJSON *cache,
			  const char **login);


/**
 * Do two absolute URLs have the same scheme, host and port (the default
 * port filled in, the host's case ignored)? Only the API's own origin
 * ever gets the token or a request body: Links and redirects elsewhere
 * are refused.
 */
int gi_github_same_origin(const char *a, const char *b);

/** Sleep for rate limits and back-off (or log it in tests). */
void gi_github_sleep(struct gi_github *gh, long seconds);

/**
 * What an error answer means: GitHub's "message", the status, and for 401,
 * 403 and 404 what to do about it.
 */
const char *gi_github_message(const struct gi_github *gh,
			      const struct gi_response *resp, char *buf,
			      size_t size);

#endif
