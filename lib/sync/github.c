/*
 * github.c: the REST client (github.h): one configured curl handle, and
 * the retry and rate-limit rules in one place. Where the token comes from
 * is github-token.c's business, which repository and API it talks to
 * target.c's.
 */
#include "sync/github.h"

#include <ctype.h>
#include <stddef.h>
#include <curl/curl.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "gitissue/util/config.h"
#include "gitissue/util/json.h"
#include "gitissue/util/run.h"
#include "sync/github-token.h"
#include "sync/http-header.h"

/*
 * libcurl is loaded when a request is first made, not when the program
 * starts: linked, its 33 shared libraries cost git issue-worktree 12 M
 * instructions (6 ms of CPU) on every run, needed only when GitHub is
 * configured, and 8 of them at once on a claim race. The functions are
 * called through this table (the names below are macros for it).
 */
#define CURL_LIBRARY "libcurl.so.4"

static struct {
	int tried, ok;
	__typeof__(curl_global_init) *global_init;
	__typeof__(curl_global_cleanup) *global_cleanup;
	__typeof__(curl_easy_init) *easy_init;
	__typeof__(curl_easy_cleanup) *easy_cleanup;
	__typeof__(curl_easy_reset) *easy_reset;
	__typeof__(curl_easy_setopt) *easy_setopt;
	__typeof__(curl_easy_getinfo) *easy_getinfo;
	__typeof__(curl_easy_perform) *easy_perform;
	__typeof__(curl_easy_strerror) *easy_strerror;
	__typeof__(curl_free) *free;
	__typeof__(curl_getdate) *getdate;
	__typeof__(curl_url) *url;
	__typeof__(curl_url_cleanup) *url_cleanup;
	__typeof__(curl_url_get) *url_get;
	__typeof__(curl_url_set) *url_set;
	__typeof__(curl_slist_append) *slist_append;
	__typeof__(curl_slist_free_all) *slist_free_all;
} lc;

/* Load libcurl once. @return 0, or -1 (reported) when it is missing. */
static int load_curl(void)
{
	static const struct {
		const char *name;
		size_t off;
	} fns[] = {
#define FN(f) { "curl_" #f, offsetof(__typeof__(lc), f) }
		FN(global_init), FN(global_cleanup), FN(easy_init),
		FN(easy_cleanup), FN(easy_reset), FN(easy_setopt),
		FN(easy_getinfo), FN(easy_perform), FN(easy_strerror), FN(free),
		FN(getdate), FN(url), FN(url_cleanup), FN(url_get),
		FN(url_set), FN(slist_append), FN(slist_free_all),
#undef FN
	};
	void *h;
	size_t i;

	if (lc.tried)
		return lc.ok ? 0 : -1;
	lc.tried = 1;
	h = dlopen(CURL_LIBRARY, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return gi_error("unable to load libcurl (%s): %s", CURL_LIBRARY,
				dlerror());
	for (i = 0; i < GI_ARRAY_SIZE(fns); i++) {
		void *f = dlsym(h, fns[i].name);

		if (!f)
			return gi_error("unable to load libcurl (%s): no %s",
					CURL_LIBRARY, fns[i].name);
		memcpy((char *)&lc + fns[i].off, &f, sizeof(f));
	}
	lc.ok = 1;
	return 0;
}

#undef curl_easy_setopt
#undef curl_easy_getinfo
#define curl_global_init lc.global_init
#define curl_global_cleanup lc.global_cleanup
#define curl_easy_init lc.easy_init
#define curl_easy_cleanup lc.easy_cleanup
#define curl_easy_reset lc.easy_reset
#define curl_easy_setopt lc.easy_setopt
#define curl_easy_getinfo lc.easy_getinfo
#define curl_easy_perform lc.easy_perform
#define curl_easy_strerror lc.easy_strerror
#define curl_free lc.free
#define curl_getdate lc.getdate
#define curl_url lc.url
#define curl_url_cleanup lc.url_cleanup
#define curl_url_get lc.url_get
#define curl_url_set lc.url_set
#define curl_slist_append lc.slist_append
#define curl_slist_free_all lc.slist_free_all

void gi_response_release(struct gi_response *resp)
{
	gi_buf_release(&resp->body);
	free(resp->etag);
	free(resp->next);
	memset(resp, 0, sizeof(*resp));
	gi_buf_init(&resp->body);	/* never a NULL buf, as gi_buf says */
}

/* A path setting as git reads it: "~/" is the home directory. */
static char *config_path(const char *v)
{
	gi_buf b = GI_BUF_INIT;

	if (v[0] == '~' && v[1] == '/' && getenv("HOME"))
		gi_buf_addf(&b, "%s%s", getenv("HOME"), v + 1);
	else
		gi_buf_adds(&b, v);
	return gi_buf_detach(&b, NULL);
}

static int false_value(const char *v)
{
	return v && (!strcasecmp(v, "false") || !strcasecmp(v, "no") ||
		     !strcasecmp(v, "off") || !strcmp(v, "0") || !*v);
}

/*
 * git's TLS settings for the API's URL, as git reads them for a remote:
 * `git config --get-urlmatch http <url>` gives http.sslCAInfo,
 * http.sslCAPath and http.sslVerify with the http.<url>.* forms resolved
 * by git's own rules (and `git -c`, includes, every file); then
 * GIT_SSL_CAINFO, GIT_SSL_CAPATH and GIT_SSL_NO_VERIFY, which win, as in
 * git. A GitHub Enterprise with a private CA is reached the way the same
 * user reaches its git remote.
 */
static void tls_settings(struct gi_github *gh, struct gi_repo *r,
			 const char *api)
{
	const char *args[] = { "config", "--get-urlmatch", "http", api, NULL };
	gi_buf out = GI_BUF_INIT;
	const char *p, *env;

	if (strncasecmp(api, "https://", 8))
		return;
	if (gi_git(r, args, &out, NULL, 5000) == 0) {
		for (p = out.buf; *p; ) {
			size_t n = strcspn(p, "\n");
			char *line = gi_xstrndup(p, n), *v = strchr(line, ' ');

			if (v)
				*v++ = '\0';
			if (!strcmp(line, "http.sslcainfo") && v && *v) {
				free(gh->ssl_cainfo);
				gh->ssl_cainfo = config_path(v);
			} else if (!strcmp(line, "http.sslcapath") && v && *v) {
				free(gh->ssl_capath);
				gh->ssl_capath = config_path(v);
			} else if (!strcmp(line, "http.sslverify")) {
				gh->ssl_no_verify = v && false_value(v);
			}
			free(line);
			p += n + (p[n] == '\n');
		}
	}
	gi_buf_release(&out);
	if ((env = getenv("GIT_SSL_CAINFO")) && *env) {
		free(gh->ssl_cainfo);
		gh->ssl_cainfo = gi_xstrdup(env);
	}
	if ((env = getenv("GIT_SSL_CAPATH")) && *env) {
		free(gh->ssl_capath);
		gh->ssl_capath = gi_xstrdup(env);
	}
	if (getenv("GIT_SSL_NO_VERIFY"))
		gh->ssl_no_verify = 1;
	if (gh->ssl_no_verify)
		gi_warning("TLS certificates of %s are not checked "
			   "(http.sslVerify is false or GIT_SSL_NO_VERIFY is "
			   "set)", api);
}

/*
 * A URL is shown without its user name and password (gi_url_add_shown):
 * in messages, in the trace. The caller frees.
 */
static char *shown(const char *url)
{
	gi_buf b = GI_BUF_INIT;

	gi_url_add_shown(&b, url);
	return gi_buf_detach(&b, NULL);
}

/*
 * A user name and password in issue.githubApi would be a second secret
 * in the configuration, in every URL a message or a trace shows, and git
 * credential fill would answer the password as the token. The API base
 * must not have them: the token is the one credential, and it goes in a
 * header only.
 */
static int refuse_userinfo(const struct gi_github_target *t)
{
	size_t len;
	char *s;

	if (!gi_url_userinfo(t->api, &len))
		return 0;
	s = shown(t->api);
	gi_error("issue.githubApi '%s' has a user name or password in it: "
		 "not used, and no token is sent there; set it without them "
		 "(the token comes from GH_TOKEN, gh or git credential)", s);
	free(s);
	return -1;
}

int gi_github_open(struct gi_github *gh, struct gi_repo *r,
		   struct gi_github_target *t, long deadline_ms)
{
	char *tok;
	gi_buf auth = GI_BUF_INIT;

	memset(gh, 0, sizeof(*gh));
	gi_buf_init(&gh->cred);
	gh->target = t;
	if (refuse_userinfo(t) < 0)
		return -1;
	gh->max_wait_s = gi_config_long(r, "issue.syncMaxWait", 60);
	gh->mutation_delay_ms = gi_config_long(r, "issue.mutationDelay", 1000);
	/* every request has a limit: 0 or less means the default */
	gh->timeout_ms = gi_config_long(r, "issue.requestTimeout", 30000);
	if (gh->timeout_ms <= 0)
		gh->timeout_ms = 30000;
	gh->fake_sleep = getenv("GIT_ISSUE_TEST_NO_SLEEP") != NULL;
	gh->deadline_ms = deadline_ms;
	tok = gi_github_token_find(gh, t, deadline_ms);
	if (tok)
		tls_settings(gh, r, t->api);
	if (!tok)
		return GI_ENOTOKEN;
	gi_buf_addf(&auth, "Authorization: Bearer %s", tok);
	memset(tok, 0, strlen(tok));
	free(tok);
	gh->auth = gi_buf_detach(&auth, NULL);
	if (load_curl() < 0)
		return -1;
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
	free(gh->ssl_cainfo);
	free(gh->ssl_capath);
	gi_github_token_wipe(&gh->cred);
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

static size_t header_cb(char *data, size_t size, size_t n, void *payload)
{
	gi_github_parse_header(payload, data, size * n);
	return size * n;
}

void gi_github_parse_header(struct gi_response *resp, const char *data,
			    size_t len)
{
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
	} else if ((v = gi_http_header_value(data, len, "etag"))) {
		free(resp->etag);
		resp->etag = v;
	} else if ((v = gi_http_header_value(data, len, "link"))) {
		free(resp->next);
		resp->next = gi_http_link_next(v);
		free(v);
	} else if ((v = gi_http_header_value(data, len, "x-ratelimit-remaining"))) {
		resp->remaining = strtol(v, NULL, 10);
		free(v);
	} else if ((v = gi_http_header_value(data, len, "x-ratelimit-reset"))) {
		resp->reset = strtol(v, NULL, 10);
		free(v);
	} else if ((v = gi_http_header_value(data, len, "retry-after"))) {
		resp->retry_after = strtol(v, NULL, 10);
		free(v);
	} else if ((v = gi_http_header_value(data, len, "date"))) {
		resp->date = (long)curl_getdate(v, NULL);
		free(v);
	}
}

/* scheme, host and port of `url` (lowercase, default port filled in). */
static int origin_of(const char *url, char **scheme, char **host, char **port)
{
	CURLU *u;
	int ok;

	*scheme = *host = *port = NULL;
	if (load_curl() < 0 || !(u = curl_url()))
		return -1;
	ok = !curl_url_set(u, CURLUPART_URL, url, 0) &&
	     !curl_url_get(u, CURLUPART_SCHEME, scheme, 0) &&
	     !curl_url_get(u, CURLUPART_HOST, host, 0) &&
	     !curl_url_get(u, CURLUPART_PORT, port, CURLU_DEFAULT_PORT);
	curl_url_cleanup(u);
	if (!ok) {
		curl_free(*scheme);
		curl_free(*host);
		curl_free(*port);
		*scheme = *host = *port = NULL;
		return -1;
	}
	return 0;
}

int gi_github_same_origin(const char *a, const char *b)
{
	char *s1, *h1, *p1, *s2, *h2, *p2;
	int same = 0;

	if (origin_of(a, &s1, &h1, &p1) < 0)
		return 0;
	if (origin_of(b, &s2, &h2, &p2) == 0) {
		same = !strcasecmp(s1, s2) && !strcasecmp(h1, h2) &&
		       !strcmp(p1, p2);
		curl_free(s2);
		curl_free(h2);
		curl_free(p2);
	}
	curl_free(s1);
	curl_free(h1);
	curl_free(p1);
	return same;
}

/*
 * The token and request bodies go to the API's scheme, host and port
 * only: a Link or a redirect to anywhere else (a hostile or confused
 * server, a cached URL) is refused, with a message.
 */
static int allowed(struct gi_github *gh, const char *method, const char *url,
		   const char *how)
{
	char *s;

	if (gi_github_same_origin(url, gh->target->api))
		return 1;
	s = shown(url);
	gi_error("not sending %s to '%s' (%s): it is not on the API's host "
		 "'%s'; the token and the records go nowhere else", method,
		 s, how, gh->target->api);
	free(s);
	return 0;
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
static void setup_handle(const struct gi_github *gh, const char *method,
			 const char *url, struct curl_slist *h,
			 const char *json, long timeout,
			 struct gi_response *resp)
{
	CURL *c = gh->curl;

	curl_easy_reset(c);
	/* git's TLS settings (http.sslCAInfo and friends), read at open */
	if (gh->ssl_cainfo)
		curl_easy_setopt(c, CURLOPT_CAINFO, gh->ssl_cainfo);
	if (gh->ssl_capath)
		curl_easy_setopt(c, CURLOPT_CAPATH, gh->ssl_capath);
	if (gh->ssl_no_verify) {
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
	}
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
	/* redirects are followed by hand (perform), to the API's host only */
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
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

/* A failure of the certificate checks: trying again cannot help. */
static int is_tls_failure(long rc)
{
	return rc == CURLE_PEER_FAILED_VERIFICATION ||
	       rc == CURLE_SSL_CACERT_BADFILE || rc == CURLE_SSL_CERTPROBLEM ||
	       rc == CURLE_SSL_CONNECT_ERROR || rc == CURLE_SSL_ISSUER_ERROR ||
	       rc == CURLE_SSL_PINNEDPUBKEYNOTMATCH ||
	       rc == CURLE_SSL_INVALIDCERTSTATUS || rc == CURLE_SSL_CRL_BADFILE;
}

/* One HTTP exchange. 0 with a status, or GI_ETRANSPORT. */
static int perform_once(struct gi_github *gh, const char *method,
			const char *url, const char *etag, const char *json,
			struct gi_response *resp)
{
	struct curl_slist *h;
	long timeout = gh->timeout_ms;
	CURLcode rc;
	int ret = 0;
	char *show = shown(url);

	gi_response_release(resp);
	resp->remaining = -1;
	resp->retry_after = -1;
	if (gh->deadline_ms) {
		long left = gh->deadline_ms - gi_now_ms();

		if (left <= 0) {
			snprintf(gh->errbuf, sizeof(gh->errbuf),
				 "out of time before %s %s", method, show);
			free(show);
			return GI_ETRANSPORT;
		}
		if (left < timeout)
			timeout = left;
	}
	h = request_headers(gh, etag, json != NULL);
	setup_handle(gh, method, url, h, json, timeout, resp);
	rc = curl_easy_perform(gh->curl);
	gh->last_curl = rc;
	if (rc != CURLE_OK) {
		snprintf(gh->errbuf, sizeof(gh->errbuf), "%s %s: %s%s", method,
			 show, curl_easy_strerror(rc), is_tls_failure(rc) ?
			 " (for a private CA, set http.sslCAInfo or "
			 "GIT_SSL_CAINFO to its certificate, as for git)" : "");
		ret = GI_ETRANSPORT;
	} else {
		curl_easy_getinfo(gh->curl, CURLINFO_RESPONSE_CODE,
				  &resp->status);
		gi_github_token_outcome(gh, resp->status);
		if (resp->date > 0) {
			gh->server_date = resp->date;
			gh->server_date_ms = gi_now_ms();
		}
		/* a NUL in a body would end it wherever it is read */
		gi_json_repair_nul(resp->body.buf, resp->body.len);
	}
	/* method, URL and status only: never a header, never the token */
	if (getenv("GIT_ISSUE_TRACE"))
		fprintf(stderr, "git-issue: %s %s -> %ld\n", method, show,
			resp->status);
	curl_slist_free_all(h);
	free(show);
	return ret;
}

static int is_redirect(long status)
{
	return status == 301 || status == 302 || status == 303 ||
	       status == 307 || status == 308;
}

/*
 * One request, following redirects by hand: libcurl would follow them
 * anywhere, keeping the body (CURLOPT_POSTREDIR) and, for a custom
 * header, the token. A redirect is followed only to the API's scheme,
 * host and port, keeping the method and the body (a renamed repository
 * answers 301 for a GET, 307 for a PATCH; 303 becomes a GET without a
 * body); anything else is refused and the redirect answer returned. The
 * first redirect of a repository URL is said once: the repository moved.
 */
static int perform(struct gi_github *gh, const char *method, const char *url,
		   const char *etag, const char *json, struct gi_response *resp)
{
	char *cur = gi_xstrdup(url), *to = NULL;
	int hops, ret;

	for (hops = 0;; hops++) {
		char *loc = NULL;

		ret = perform_once(gh, method, cur, etag, json, resp);
		if (ret || !is_redirect(resp->status))
			break;
		if (curl_easy_getinfo(gh->curl, CURLINFO_REDIRECT_URL, &loc) ||
		    !loc)
			break;
		to = gi_xstrdup(loc);
		if (hops >= 5) {
			char *s = shown(url);

			gi_error("%s %s: more than 5 redirects; not followed",
				 method, s);
			free(s);
			break;
		}
		if (!allowed(gh, method, to, "a redirect"))
			break;
		if (!gh->said_moved && resp->status != 302 &&
		    resp->status != 303 && strstr(cur, "/repos/")) {
			char *s1 = shown(cur), *s2 = shown(to);

			gh->said_moved = 1;
			gi_warning("GitHub says %s/%s has moved: %s is redirected "
				   "to %s; set issue.github to its new name",
				   gh->target->owner, gh->target->repo, s1, s2);
			free(s1);
			free(s2);
		}
		if (resp->status == 303) {
			method = "GET";
			json = NULL;
		}
		free(cur);
		cur = to;
		to = NULL;
	}
	free(to);
	free(cur);
	return ret;
}

/*
 * A server's text is data: it may echo the token back (a proxy's error
 * page, a hostile server). Every copy of it becomes "[token]" before the
 * text is shown.
 */
static void redact(const struct gi_github *gh, char *buf, size_t size)
{
	static const char bearer[] = "Authorization: Bearer ";
	const char *tok;
	gi_buf b = GI_BUF_INIT;
	size_t tlen;
	char *p, *s = buf;

	if (!gh->auth || strncmp(gh->auth, bearer, strlen(bearer)))
		return;
	tok = gh->auth + strlen(bearer);
	tlen = strlen(tok);
	if (tlen < 4 || !strstr(buf, tok))
		return;
	while ((p = strstr(s, tok))) {
		gi_buf_add(&b, s, (size_t)(p - s));
		gi_buf_adds(&b, "[token]");
		s = p + tlen;
	}
	gi_buf_adds(&b, s);
	snprintf(buf, size, "%s", b.buf);
	gi_buf_release(&b);
}

/*
 * GitHub's errors[] (a 422's details): "resource.field: message", or the
 * code when there is no message; plain strings as they are. Appended to
 * `buf` after ": ".
 */
static void add_errors(char *buf, size_t size, const cJSON *doc)
{
	const cJSON *errs = cJSON_GetObjectItemCaseSensitive(doc, "errors");
	const cJSON *e;
	gi_buf b = GI_BUF_INIT;
	size_t len = strlen(buf);

	cJSON_ArrayForEach(e, errs) {
		const char *res = gi_json_str(e, "resource");
		const char *field = gi_json_str(e, "field");
		const char *msg = gi_json_str(e, "message");
		const char *code = gi_json_str(e, "code");

		gi_buf_adds(&b, b.len ? "; " : ": ");
		if (cJSON_IsString(e)) {
			gi_buf_adds(&b, e->valuestring);
			continue;
		}
		if (res || field)
			gi_buf_addf(&b, "%s%s%s: ", res ? res : "",
				    res && field ? "." : "", field ? field : "");
		gi_buf_adds(&b, msg ? msg : code ? code : "invalid");
	}
	if (b.len && len + 1 < size)
		snprintf(buf + len, size - len, "%s", b.buf);
	gi_buf_release(&b);
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
		snprintf(buf, size, "%s (HTTP 401): the token for %s from %s "
			 "was refused%s; set a valid one in %s, or log in again "
			 "with 'gh auth login --hostname %s'", what, t->host,
			 gi_github_token_source(gh), gh->cred_rejected ? " and rejected "
			 "(git's credential helpers forget it)" : "",
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
	add_errors(buf, size, j);
	cJSON_Delete(j);
	redact(gh, buf, size);
	return buf;
}

/* An empty body (Content-Length: 0) is no secondary limit: it crashed
 * here once, strstr(NULL), leaving the sync lock behind. */
static int is_secondary(const struct gi_response *resp)
{
	return (resp->status == 403 || resp->status == 429) &&
	       resp->body.len && resp->body.buf &&
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

	/* a Link, or a URL from the cache, may point anywhere */
	if (!allowed(gh, "GET", url, "a link")) {
		free(url);
		return -1;
	}
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
		/* 5xx or no response: a GET may be retried, in time; a
		 * certificate failure never (it was tried three times) */
		if ((err && is_tls_failure(gh->last_curl)) ||
		    ++attempt >= 3 || !fits_deadline(gh, 1L << attempt) ||
		    (gh->deadline_ms && gi_now_ms() >= gh->deadline_ms)) {
			if (err)
				gi_error("%s", gh->errbuf);
			else {
				char *s = shown(url);

				gi_error("GET %s: HTTP %ld after %d tries", s,
					 resp->status, attempt);
				free(s);
			}
			ret = err ? GI_ETRANSPORT : 0;
			break;
		}
		gh->stats.retries++;
		gi_github_sleep(gh, 1L << attempt);
	}
	/* a page whose next link leads elsewhere is not a page we can walk:
	 * refused before anyone caches the link or moves a cursor past it */
	if (!ret && resp->next && !allowed(gh, "GET", resp->next, "a link")) {
		free(resp->next);
		resp->next = NULL;
		ret = -1;
	}
	free(url);
	return ret;
}

int gi_github_send(struct gi_github *gh, const char *method, const char *path,
		   const char *json, struct gi_response *resp)
{
	char *url = absolute_url(gh, path);
	int secondary = 0, err, ret;

	if (!allowed(gh, method, url, "a link")) {
		free(url);
		return -1;
	}
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

int gi_github_user_cached(struct gi_github *gh, cJSON *cache,
			  const char **login)
{
	char key[9];
	const cJSON *hit;
	cJSON *e;
	int err;

	gi_github_token_key(gh, key);
	hit = cJSON_GetObjectItemCaseSensitive(cache, key);
	if (!gh->login && cJSON_IsObject(hit) && gi_json_str(hit, "login") &&
	    *gi_json_str(hit, "login")) {
		gh->login = gi_xstrdup(gi_json_str(hit, "login"));
		gh->user_id = gi_json_num(hit, "id");
	}
	err = gi_github_user(gh, login);
	if (err < 0)
		return err;
	/* one entry per token seen, the newest only: a token that changed
	 * must never reuse another token's account */
	while (cache->child)
		cJSON_Delete(cJSON_DetachItemViaPointer(cache, cache->child));
	e = cJSON_AddObjectToObject(cache, key);
	cJSON_AddStringToObject(e, "login", gh->login);
	cJSON_AddNumberToObject(e, "id", gh->user_id);
	return 0;
}

long gi_github_server_now(struct gi_github *gh)
{
	struct gi_response resp = { 0 };

	if (!gh->server_date && gh->curl) {
		/* a rate-limit look costs no rate limit */
		if (gi_github_get(gh, "/rate_limit", NULL, &resp) < 0)
			git_error_clear();
		gi_response_release(&resp);
	}
	if (!gh->server_date)
		return (long)time(NULL);
	return gh->server_date + (gi_now_ms() - gh->server_date_ms) / 1000;
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
