/*
 * date.h: record times. A record's time is UTC with microseconds in a fixed
 * width ("2026-11-24T09:12:41.052311Z"), so byte order is time order.
 */
#ifndef GITISSUE_UTIL_DATE_H
#define GITISSUE_UTIL_DATE_H

#include <stddef.h>
#include <time.h>

/** Now as "YYYY-MM-DDTHH:MM:SS.uuuuuuZ" (27 characters and a NUL). */
void gi_time_now(char out[32]);
/** Record time `t` plus `us` microseconds, in `out` (now when `t` cannot
 * be read): a time that sorts after `t`, for a record that must be newer
 * than another one written in the same second of GitHub's clock. */
void gi_time_after(char out[40], const char *t, long us);
/** "2026-11-24 09:12" (UTC) from a record time; the time as is when it
 * has another form, "?" when NULL. */
void gi_short_time(char *out, size_t size, const char *time);
/** A record time (UTC) as seconds since the epoch. @return 0 or -1. */
int gi_record_epoch(const char *time, time_t *out);
/** Seconds from a record time to `now`, -1 when unparsable. */
long gi_age_seconds(const char *time, time_t now);
/** "42s", "5m", "3h", "2d", "7w" from a record time; "-" when unknown. */
void gi_age(char *out, size_t size, const char *time, time_t now);
/** The same for an age in seconds (negative: "-"). */
void gi_age_of(char *out, size_t size, long seconds);

#endif
