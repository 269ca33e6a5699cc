/* import-json.c: the JSON documents of a vendor's file, one after another, with jansson */
#include "config.h"

#include "vigil-int.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

/* The whole file; NULL with err set. */
static char *
slurp(struct vg_vendor *v, size_t *lenp, struct vg_error *err)
{
	char	*buf = NULL;
	size_t	 len = 0, cap = 0;
	ssize_t	 n;

	for (;;) {
		if (len == cap) {
			cap = cap == 0 ? 65536 : cap * 2;
			buf = xreallocarray(buf, cap, 1);
		}
		if ((n = pread(v->fd, buf + len, cap - len, (off_t)len)) == -1) {
			if (errno == EINTR)
				continue;
			vg_error_set(err, "'%s': %s", v->im->path,
			    strerror(errno));
			free(buf);
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	*lenp = len;
	return buf;
}

/*
 * Hand each JSON object or array of the file to fn with the line it
 * starts on: a file may hold one document or several one after another
 * (a captured event stream).  A document that is not valid JSON refuses
 * the file, with its line and jansson's reason.
 */
int
vg_vendor_json(struct vg_vendor *v, vg_json_fn fn, void *arg,
    struct vg_error *err)
{
	json_error_t	 je;
	json_t		*doc;
	char		*buf;
	size_t		 len, off = 0, i;
	uint64_t	 line = 1;
	int		 rc = 0, ndoc = 0;

	if ((buf = slurp(v, &len, err)) == NULL)
		return -1;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		off = 3;
	while (rc == 0) {
		for (; off < len && strchr(" \t\r\n", buf[off]) != NULL &&
		    buf[off] != '\0'; off++)
			if (buf[off] == '\n')
				line++;
		if (off == len)
			break;
		doc = json_loadb(buf + off, len - off, JSON_DISABLE_EOF_CHECK,
		    &je);
		if (doc == NULL) {
			vg_error_set(err, "'%s', line %llu: invalid JSON: %s",
			    v->im->path, (unsigned long long)(line +
			    (uint64_t)(je.line > 0 ? je.line - 1 : 0)), je.text);
			rc = -1;
			break;
		}
		ndoc++;
		rc = fn(v, doc, line, arg, err);
		json_decref(doc);
		for (i = 0; i < (size_t)je.position && off + i < len; i++)
			if (buf[off + i] == '\n')
				line++;
		off += (size_t)je.position;
	}
	if (rc == 0 && ndoc == 0) {
		vg_error_set(err, "'%s': empty file, no JSON", v->im->path);
		rc = -1;
	}
	free(buf);
	return rc;
}

/* A member's string, or NULL. */
const char *
vg_json_str(const struct json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/*
 * A member that is a number or a string holding one, as text in buf
 * (channel numbers come both ways); NULL if absent or of another type.
 */
const char *
vg_json_text(const struct json_t *obj, const char *key, char *buf,
    size_t size)
{
	json_t	*j = json_object_get(obj, key);

	if (json_is_string(j))
		return json_string_value(j);
	if (json_is_integer(j)) {
		snprintf(buf, size, "%lld", (long long)json_integer_value(j));
		return buf;
	}
	return NULL;
}
