/*
 * github.c: the REST client (github.h): token discovery, one configured
 * curl handle, and the retry and rate-limit rules in one place. Which
 * repository and API it talks to is target.c's business.
 */
#include "sync/github.h"

#include <ctype.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "gitissue/config.h"
#include "gitissue/json.h"
#include "gitissue/run.h"

void gi_response_release(struct gi_response *resp)
{
	gi_buf_release(&resp->body);
	free(resp->etag);
	free(resp->next);
	memset(resp, 0, sizeof(*resp));
}

static char *trimmed(gi_buf *b)
{
	char *s;

	gi_buf_rtrim(b, "\r\n", 0);
	if (!b->len)
		return NULL;
	s = gi_buf_detach(b, NULL);
	return s;
}

/* A child's time limit: `cap`, or less when the deadline is nearer. */
static long child_timeout(long deadline_ms, long cap)
{
	long left;

	if (!deadline_ms)
		return cap;
	left = deadline_ms - gi_now_ms();
	return left < 1 ? 1 : left < cap ? left : cap;
}

/* `gh auth token --hostname HOST`, when gh is installed and logged in. */
static char *token_from_gh(const char *host, long deadline_ms)
{
	const char *argv[] = { "gh", "auth", "token", "--hostname", host, NULL };
	gi_buf out = GI_BUF_INIT, err = GI_BUF_INIT;
	struct gi_child c = { 0 };
	char *tok = NULL;

	c.argv = argv;
	c.out = &out;
	c.err = &err;	/* "not logged in" is not our message to show */
	c.timeout_ms = child_timeout(deadline_ms, 5000);
	if (gi_run(&c) == 0)
		tok = trimmed(&out);
	gi_buf_release(&out);
	gi_buf_release(&err);
	return tok;
}

/* `git credential fill`, never prompting: the hook may have no terminal. */
static char *token_from_credential(const char *host, const char *api,
				   long deadline_ms)
{
	const char *argv[] = { "git", "credential", "fill", NULL };
	const char *env[] = { "GIT_TERMINAL_PROMPT=0", "GIT_ASKPASS=true",
			      "SSH_ASKPASS=true", NULL };
	gi_buf in = GI_BUF_INIT, out = GI_BUF_INIT, err = GI_BUF_INIT;
	struct gi_child c = { 0 };
	char *tok = NULL, *p;

	gi_buf_addf(&in, "protocol=%s\nhost=%s\n\n",
		    !strncmp(api, "http://", 7) ? "http" : "https", host);
	c.argv = argv;
	c.env = env;
	c.in = in.buf;
	c.in_len = in.len;
	c.out = &out;
	c.err = &err;
	c.timeout_ms = child_timeout(deadline_ms, 10000);
	if (gi_run(&c) == 0) {
		for (p = out.buf; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
			if (!strncmp(p, "password=", 9)) {
				size_t n = strcspn(p + 9, "\n");

				if (n)
					tok = gi_xstrndup(p + 9, n);
				break;
			}
		}
	}
	/* wipe what held the secret */
	memset(out.buf, 0, out.len);
	gi_buf_release(&in);
	gi_buf_release(&out);
	gi_buf_release(&err);
	return tok;
}

static char *find_token(const struct gi_github_target *t, long deadline_ms)
{
	const char *names_com[] = { "GH_TOKEN", "GITHUB_TOKEN", NULL };
	const char *names_ghe[] = { "GH_ENTERPRISE_TOKEN",
				    "GITHUB_ENTERPRISE_TOKEN", NULL };
	const char **names = strcmp(t->host, "github.com") ? names_ghe :
			     names_com;
	char *tok;
	size_t i;

	for (i = 0; names[i]; i++) {
		const char *v = getenv(names[i]);

		if (v && *v)
			return gi_xstrdup(v);
	}
	tok = token_from_gh(t->host, deadline_ms);
	if (!tok)
		tok = token_from_credential(t->host, t->api, deadline_ms);
	return tok;
}

int gi_github_open(struct gi_github *gh, struct gi_repo *r,
		   struct gi_github_target *t, long deadline_ms)
{
	char *tok;
	gi_buf auth = GI_BUF_INIT;

	memset(gh, 0, sizeof(*gh));
	gh->target = t;
	gh->max_wait_s = gi_config_long(r, "issue.syncMaxWait", 60);
	gh->mutation_delay_ms = gi_config_long(r, "issue.mutationDelay", 1000);
	/* every request has a limit: 0 or less means the default */
	gh->timeout_ms = gi_config_long(r, "issue.requestTimeout", 30000);
	if (gh->timeout_ms <= 0)
		gh->timeout_ms = 30000;
	gh->fake_sleep = getenv("GIT_ISSUE_TEST_NO_SLEEP") != NULL;
	gh->deadline_ms = deadline_ms;
	tok = find_token(t, deadline_ms);
	if (!tok)
		return GI_ENOTOKEN;
	gi_buf_addf(&auth, "Authorization: Bearer %s", tok);
	memset(tok, 0, strlen(tok));
	free(tok);
	gh->auth = gi_buf_detach(&auth, NULL);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	gh->curl = curl_easy_init();
	if (!gh->curl)
		return gi_error("unable to start libcurl");
	return 0;
}

void gi_github_close(struct gi_github *gh)
{
	if (gh->curl) {
		curl_easy_cleanup(gh->curl);
		curl_global_cleanup();
	}
	if (gh->auth) {
		memset(gh->auth, 0, strlen(gh->auth));
		free(gh->auth);
	}
	free(gh->login);
	memset(gh, 0, sizeof(*gh));
}

void gi_github_sleep(struct gi_github *gh, long seconds)
{
	if (seconds <= 0)
		return;
	gh->stats.waits++;
	gh->stats.slept_s += seconds;
	if (gh->fake_sleep) {
		fprintf(stderr, "git-issue: test: would sleep %ld s\n", seconds);
		return;
	}
	sleep((unsigned int)seconds);
}

static size_t write_cb(char *data, size_t size, size_t n, void *payload)
{
	gi_buf_add(payload, data, size * n);
	return size * n;
}

static char *header_value(const char *line, size_t len, const char *name)
{
	size_t nlen = strlen(name);
	const char *v, *end = line + len;

	if (len <= nlen || strncasecmp(line, name, nlen) || line[nlen] != ':')
		return NULL;
	v = line + nlen + 1;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' ||
			   end[-1] == ' '))
		end--;
	return gi_xstrndup(v, (size_t)(end - v));
}

/* The URL of rel="next" in a Link header, exactly as given. */
static char *link_next(const char *link)
{
	const char *p = link;

	while ((p = strchr(p, '<'))) {
		const char *end = strchr(p, '>'), *semi, *comma;

		if (!end)
			return NULL;
		comma = strchr(end, ',');
		semi = strstr(end, "rel=\"next\"");
		if (semi && (!comma || semi < comma))
			return gi_xstrndup(p + 1, (size_t)(end - p - 1));
		p = end;
	}
	return NULL;
}

static size_t header_cb(char *data, size_t size, size_t n, void *payload)
{
	struct gi_response *resp = payload;
	size_t len = size * n;
	char *v;

	/* a new status line (after a redirect) starts a new header set */
	if (len > 5 && !strncmp(data, "HTTP/", 5)) {
		free(resp->etag);
		free(resp->next);
		resp->etag = resp->next = NULL;
		resp->remaining = -1;
		resp->reset = 0;
		resp->retry_after = -1;
		resp->date = 0;
	} else if ((v = header_value(data, len, "etag"))) {
		free(resp->etag);
		resp->etag = v;
	} else if ((v = header_value(data, len, "link"))) {
		free(resp->next);
		resp->next = link_next(v);
		free(v);
	} else if ((v = header_value(data, len, "x-ratelimit-remaining"))) {
		resp->remaining = strtol(v, NULL, 10);
		free(v);
	} else if ((v = header_value(data, len, "x-ratelimit-reset"))) {
		resp->reset = strtol(v, NULL, 10);
		free(v);
	} else if ((v = header_value(data, len, "retry-after"))) {
		resp->retry_after = strtol(v, NULL, 10);
		free(v);
	} else if ((v = header_value(data, len, "date"))) {
		resp->date = (long)curl_getdate(v, NULL);
		free(v);
	}
	return len;
}

static char *absolute_url(struct gi_github *gh, const char *url)
{
	gi_buf b = GI_BUF_INIT;

	if (strstr(url, "://"))
		return gi_xstrdup(url);
	gi_buf_addf(&b, "%s%s%s", gh->target->api, *url == '/' ? "" : "/",
		    url);
	return gi_buf_detach(&b, NULL);
}

/* GitHub's headers, the token, and the request's own. */
static struct curl_slist *request_headers(const struct gi_github *gh,
					  const char *etag, int has_body)
{
	struct curl_slist *h = NULL;
	gi_buf inm = GI_BUF_INIT;

	h = curl_slist_append(h, "Accept: application/vnd.github+json");
	h = curl_slist_append(h, "X-GitHub-Api-Version: "
			      GI_GITHUB_API_VERSION);
	h = curl_slist_append(h, gh->auth);
	if (etag) {
		gi_buf_addf(&inm, "If-None-Match: %s", etag);
		h = curl_slist_append(h, inm.buf);	/* copies it */
	}
	if (has_body)
		h = curl_slist_append(h, "Content-Type: application/json");
	gi_buf_release(&inm);
	return h;
}

/* The handle set up for one request, within `timeout` ms. */
static void setup_handle(CURL *c, const char *method, const char *url,
			 struct curl_slist *h, const char *json, long timeout,
			 struct gi_response *resp)
{
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_USERAGENT, GI_USER_AGENT);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
			 timeout < 10000 ? timeout : 10000L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp->body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, resp);
	/* a renamed repository answers 301 (GET) or 307 (PATCH): follow,
	 * keeping the method and the body */
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(c, CURLOPT_POSTREDIR, (long)CURL_REDIR_POST_ALL);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	if (json || strcmp(method, "GET")) {
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
		if (json)
			curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
		/*
		 * libcurl replays a request by itself when a reused connection
		 * dies before any answer, POST included: that would post twice
		 * when the server stored it and then dropped the connection.
		 * A mutation always gets a fresh connection, so it is sent
		 * once; whether it landed is for the caller to find out.
		 */
		curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, 1L);
	}
}

/* One HTTP exchange. 0 with a status, or GI_ETRANSPORT. */
static int perform(struct gi_github *gh, const char *method, const char *url,
		   const char *etag, const char *json, struct gi_response *resp)
{
	struct curl_slist *h;
	long timeout = gh->timeout_ms;
	CURLcode rc;
	int ret = 0;

	gi_response_release(resp);
	resp->remaining = -1;
	resp->retry_after = -1;
	if (gh->deadline_ms) {
		long left = gh->deadline_ms - gi_now_ms();

		if (left <= 0) {
			snprintf(gh->errbuf, sizeof(gh->errbuf),
				 "out of time before %s %s", method, url);
			return GI_ETRANSPORT;
		}
		if (left < timeout)
			timeout = left;
	}
	h = request_headers(gh, etag, json != NULL);
	setup_handle(gh->curl, method, url, h, json, timeout, resp);
	rc = curl_easy_perform(gh->curl);
	if (rc != CURLE_OK) {
		snprintf(gh->errbuf, sizeof(gh->errbuf), "%s %s: %s", method,
			 url, curl_easy_strerror(rc));
		ret = GI_ETRANSPORT;
	} else {
		curl_easy_getinfo(gh->curl, CURLINFO_RESPONSE_CODE,
				  &resp->status);
	}
	/* method, URL and status only: never a header, never the token */
	if (getenv("GIT_ISSUE_TRACE"))
		fprintf(stderr, "git-issue: %s %s -> %ld\n", method, url,
			resp->status);
	curl_slist_free_all(h);
	return ret;
}

const char *gi_github_message(const struct gi_github *gh,
			      const struct gi_response *resp, char *buf,
			      size_t size)
{
	cJSON *j = resp->body.len ? cJSON_Parse(resp->body.buf) : NULL;
	const cJSON *m = j ? cJSON_GetObjectItemCaseSensitive(j, "message") :
		NULL;
	const char *what = cJSON_IsString(m) ? m->valuestring : "no message";
	const struct gi_github_target *t = gh->target;
	int enterprise = strcmp(t->host, "github.com") != 0;

	/* what GitHub said, and what to do about it */
	switch (resp->status) {
	case 401:
		snprintf(buf, size, "%s (HTTP 401): the token for %s was "
			 "refused; set a valid one in %s, or log in again with "
			 "'gh auth login --hostname %s'", what, t->host,
			 enterprise ? "GH_ENTERPRISE_TOKEN" : "GH_TOKEN",
			 t->host);
		break;
	case 403:
		snprintf(buf, size, "%s (HTTP 403): the token may not do this "
			 "on %s/%s; it needs read and write access to issues "
			 "(the 'repo' scope, or the 'Issues' permission of a "
			 "fine-grained token)", what, t->owner, t->repo);
		break;
	case 404:
		snprintf(buf, size, "%s (HTTP 404): no repository %s/%s that "
			 "this token can see on %s; check issue.github (or the "
			 "remote's URL) and the token's access", what, t->owner,
			 t->repo, t->host);
		break;
	default:
		snprintf(buf, size, "%s (HTTP %ld)", what, resp->status);
	}
	cJSON_Delete(j);
	return buf;
}

static int is_secondary(const struct gi_response *resp)
{
	return (resp->status == 403 || resp->status == 429) &&
	       strstr(resp->body.buf, "secondary rate limit");
}

static int is_primary(const struct gi_response *resp)
{
	return (resp->status == 403 || resp->status == 429) &&
	       resp->remaining == 0;
}

static int fits_deadline(struct gi_github *gh, long seconds)
{
	return !gh->deadline_ms ||
	       gi_now_ms() + (gh->fake_sleep ? 0 : seconds * 1000) <
	       gh->deadline_ms;
}

/*
 * Wait out a rate limit if allowed. 1: waited, try again; 0: not a rate
 * limit; GI_ERATELIMIT: give up (reported).
 */
static int rate_limited(struct gi_github *gh, const struct gi_response *resp,
			int *secondary_tries)
{
	long wait;
	char when[64];

	if (is_primary(resp) && !is_secondary(resp)) {
		time_t at = (time_t)resp->reset;
		struct tm tm;

		/* the reset is in the server's clock: measure from its Date */
		wait = resp->reset - (resp->date ? resp->date :
				      (long)time(NULL)) + 1;
		if (wait < 1)
			wait = 1;
		if (wait <= gh->max_wait_s && fits_deadline(gh, wait)) {
			gi_github_sleep(gh, wait);
			return 1;
		}
		gmtime_r(&at, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm);
		gi_error("GitHub API rate limit exhausted; it resets in %ld s "
			 "(%s): run 'git issue-sync' again then", wait, when);
		return GI_ERATELIMIT;
	}
	if (is_secondary(resp)) {
		if (*secondary_tries >= 3) {
			gi_error("GitHub secondary rate limit: still limited "
				 "after %d waits; try again later",
				 *secondary_tries);
			return GI_ERATELIMIT;
		}
		wait = resp->retry_after > 0 ? resp->retry_after :
			60L << *secondary_tries;
		(*secondary_tries)++;
		if (!fits_deadline(gh, wait)) {
			gi_error("GitHub secondary rate limit: asked to wait "
				 "%ld s, more than the time left", wait);
			return GI_ERATELIMIT;
		}
		gi_github_sleep(gh, wait);
		return 1;
	}
	return 0;
}

int gi_github_get(struct gi_github *gh, const char *path, const char *etag,
		  struct gi_response *resp)
{
	char *url = absolute_url(gh, path);
	int attempt = 0, secondary = 0, err, ret = -1;

	for (;;) {
		err = perform(gh, "GET", url, etag, NULL, resp);
		gh->stats.get++;
		if (!err && resp->status == 304)
			gh->stats.get_304++;
		if (!err) {
			int rl = rate_limited(gh, resp, &secondary);

			if (rl == 1)
				continue;
			if (rl < 0) {
				ret = rl;
				break;
			}
			if (resp->status < 500) {
				ret = 0;
				break;
			}
		}
		/* 5xx or no response: a GET may be retried, in time */
		if (++attempt >= 3 || !fits_deadline(gh, 1L << attempt) ||
		    (gh->deadline_ms && gi_now_ms() >= gh->deadline_ms)) {
			if (err)
				gi_error("%s", gh->errbuf);
			else
				gi_error("GET %s: HTTP %ld after %d tries", url,
					 resp->status, attempt);
			ret = err ? GI_ETRANSPORT : 0;
			break;
		}
		gh->stats.retries++;
		gi_github_sleep(gh, 1L << attempt);
	}
	free(url);
	return ret;
}

int gi_github_send(struct gi_github *gh, const char *method, const char *path,
		   const char *json, struct gi_response *resp)
{
	char *url = absolute_url(gh, path);
	int secondary = 0, err, ret;

	for (;;) {
		/* mutations one at a time, paced */
		if (gh->last_mutation_ms && gh->mutation_delay_ms > 0) {
			long wait = gh->last_mutation_ms +
				    gh->mutation_delay_ms - gi_now_ms();

			if (wait > 0 && !gh->fake_sleep)
				usleep((useconds_t)wait * 1000);
		}
		err = perform(gh, method, url, NULL, json, resp);
		gh->last_mutation_ms = gi_now_ms();
		if (!strcmp(method, "POST"))
			gh->stats.post++;
		else if (!strcmp(method, "DELETE"))
			gh->stats.delete_++;
		else
			gh->stats.patch++;
		if (err) {
			ret = err;
			break;
		}
		ret = rate_limited(gh, resp, &secondary);
		if (ret == 1)
			continue;
		break;
	}
	free(url);
	return ret;
}

int gi_github_user(struct gi_github *gh, const char **login)
{
	struct gi_response resp = { 0 };
	cJSON *doc = NULL;
	char msg[512];
	int err;

	*login = gh->login;
	if (gh->login)
		return 0;
	err = gi_github_get(gh, "/user", NULL, &resp);
	if (err < 0)
		goto done;
	err = -1;
	if (resp.status != 200)
		gi_error("asking GitHub who the token belongs to: %s",
			 gi_github_message(gh, &resp, msg, sizeof(msg)));
	else if (!(doc = cJSON_ParseWithLength(resp.body.buf, resp.body.len)) ||
		 !gi_json_str(doc, "login"))
		gi_error("asking GitHub who the token belongs to: the answer "
			 "has no login");
	else
		err = 0;
	if (!err) {
		gh->login = gi_xstrdup(gi_json_str(doc, "login"));
		gh->user_id = gi_json_num(doc, "id");
		*login = gh->login;
	}
done:
	cJSON_Delete(doc);
	gi_response_release(&resp);
	return err;
}
