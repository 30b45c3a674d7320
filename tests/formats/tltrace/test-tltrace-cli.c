/* test-tltrace-cli.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * threadline-cli info and convert, run as a user would (the binary's path
 * comes in $TL_CLI): on good, damaged, cut-off, unknown and missing files,
 * checking what they print and their exit status.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#ifdef HAVE_JSON_GLIB
# include <json-glib/json-glib.h>
#endif

#include "tl-tltrace-private.h"
#include "tl-test-util.h"

static TlTestTmpDir *tmp_dir;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_cli (Run *run,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("TL_CLI");
  int wait_status = 0;
  const char *arg;
  va_list ap;

  if (cli == NULL)
    g_error ("TL_CLI is not set: run this test through meson");
  g_ptr_array_add (args, (gpointer) cli);
  va_start (ap, run);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", run->status, run->out, run->err);
}

static char *
golden (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "tltrace", name, NULL);
}

static char *
tmp_file (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* The golden recording with one byte of its second events chunk flipped;
 * returns that chunk's offset and event count. */
static char *
make_damaged (gsize   *offset,
              guint32 *count)
{
  g_autofree char *source = golden ("recording.tltrace");
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *data = NULL;
  char *path = tmp_file ("damaged.tltrace");
  gsize len, off = sizeof (TltraceFileHeader);
  guint seen = 0;

  g_file_get_contents (source, (char **) &data, &len, &error);
  g_assert_no_error (error);
  while (off < len)
    {
      TltraceChunkHeader header;

      memcpy (&header, data + off, sizeof header);
      if (header.type == TLTRACE_CHUNK_EVENTS && ++seen == 2)
        {
          *offset = off;
          *count = header.count;
          data[off + sizeof header + 3] ^= 0xff;
          break;
        }
      off += sizeof header + TLTRACE_ALIGN8 (header.length);
    }
  g_assert_cmpuint (seen, ==, 2);
  g_file_set_contents (path, (const char *) data, (gssize) len, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_info_text (void)
{
  g_autofree char *path = golden ("recording.tltrace");
  g_auto(Run) run = { 0 };

  run_cli (&run, "info", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_nonnull (strstr (run.out, "Format:     tltrace\n"));
  g_assert_nonnull (strstr (run.out, "Time:       0.000000000 s to 0.000070000 s (70.0 µs)\n"));
  g_assert_nonnull (strstr (run.out, "Lost:       3 dropped, 1 torn, 0 damaged\n"));
  g_assert_nonnull (strstr (run.out, "process 4100  main  exit status 0\n"));
  g_assert_nonnull (strstr (run.out, "process 4300  -  killed by signal 11 (SIGSEGV)\n"));
  g_assert_nonnull (strstr (run.out, "worker-1"));
  g_assert_nonnull (strstr (run.out, "counter_lock"));
  g_assert_nonnull (strstr (run.out, "Events (80):\n"));
  g_assert_nonnull (strstr (run.out, "  lock-acquire     6\n"));
  g_assert_nonnull (strstr (run.out, "  hold-lock        3\n"));
  g_assert_nonnull (strstr (run.out, "  handover         3\n"));
  g_assert_nonnull (strstr (run.out, "  scenario         golden-mix\n"));
  g_assert_nonnull (strstr (run.out, "A lock was released by a thread that did not hold it"));
}

static void
test_info_json (void)
{
  g_autofree char *path = golden ("recording.tltrace");
  g_auto(Run) run = { 0 };

  run_cli (&run, "info", "--json", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"complete\": true"));
#ifdef HAVE_JSON_GLIB
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;
    JsonObject *root, *events, *flows;
    JsonArray *processes;

    json_parser_load_from_data (parser, run.out, -1, &error);
    g_assert_no_error (error);
    root = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "tltrace");
    events = json_object_get_object_member (root, "events");
    g_assert_cmpint (json_object_get_int_member (events, "total"), ==, 80);
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (events, "per_kind"),
                                                 "lock-acquire"), ==, 6);
    flows = json_object_get_object_member (root, "flows");
    g_assert_cmpint (json_object_get_int_member (flows, "total"), ==, 7);
    processes = json_object_get_array_member (root, "processes");
    g_assert_cmpuint (json_array_get_length (processes), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (processes, 0),
                                                    "name"), ==, "main");
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "time"),
                                                 "duration_ns"), ==, 70000);
  }
#else
  g_assert_nonnull (strstr (run.out, "\"total\": 80"));
#endif
}

static void
test_info_damaged (void)
{
  gsize offset = 0;
  guint32 count = 0;
  g_autofree char *path = make_damaged (&offset, &count);
  g_autofree char *expected = g_strdup_printf ("%u events after offset %" G_GSIZE_FORMAT
                                               " are damaged", count, offset);
  g_auto(Run) run = { 0 };
  g_auto(Run) json = { 0 };

  /* What could be read is printed, and the exit says it is not whole. */
  run_cli (&run, "info", path, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "Format:     tltrace\n"));
  g_assert_nonnull (strstr (run.out, expected));
  g_assert_nonnull (strstr (run.err, "is damaged"));
  g_assert_nonnull (strstr (run.err, expected));

  run_cli (&json, "info", "--json", path, NULL);
  g_assert_cmpint (json.status, ==, 1);
  g_assert_nonnull (strstr (json.out, "\"complete\": false"));
  g_assert_nonnull (strstr (json.out, "\"damage\": true"));
}

static void
test_info_cut_off (void)
{
  g_autofree char *source = golden ("recording.tltrace");
  g_autofree char *path = tmp_file ("cut.tltrace");
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_auto(Run) run = { 0 };
  gsize len;

  g_file_get_contents (source, &data, &len, &error);
  g_file_set_contents (path, data, (gssize) (len * 2 / 3), &error);
  g_assert_no_error (error);
  run_cli (&run, "info", path, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "cut off"));
  g_assert_nonnull (strstr (run.out, "process 4100"));
}

static void
test_info_unreadable (void)
{
  g_autofree char *text = tmp_file ("notes.txt");
  g_autofree char *newer = tmp_file ("newer.tltrace");
  g_autofree char *source = golden ("recording.tltrace");
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  TltraceFileHeader header;
  gsize len;

  g_file_set_contents (text, "hello, world\n", -1, &error);
  g_assert_no_error (error);
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "info", text, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_nonnull (strstr (run.err, "neither a Threadline trace nor a Chrome trace"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "info", "/nonexistent/trace.tltrace", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "/nonexistent/trace.tltrace"));
    g_assert_nonnull (strstr (run.err, "No such file"));
  }

  /* A newer format version. */
  g_file_get_contents (source, &data, &len, &error);
  memcpy (&header, data, sizeof header);
  header.version_major = 2;
  header.checksum = _tl_tltrace_header_checksum (&header);
  memcpy (data, &header, sizeof header);
  g_file_set_contents (newer, data, (gssize) len, &error);
  g_assert_no_error (error);
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "info", newer, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "newer"));
    g_assert_nonnull (strstr (run.err, "version 2"));
  }
}

static void
test_usage (void)
{
  g_auto(Run) none = { 0 };
  g_auto(Run) two = { 0 };
  g_auto(Run) bad = { 0 };
  g_auto(Run) help = { 0 };

  run_cli (&none, "info", NULL);
  g_assert_cmpint (none.status, ==, 2);
  run_cli (&two, "convert", "a.tltrace", NULL);
  g_assert_cmpint (two.status, ==, 2);
  run_cli (&bad, "info", "--frobnicate", "x", NULL);
  g_assert_cmpint (bad.status, ==, 2);
  run_cli (&help, "convert", "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "--salvage"));
}

static void
test_convert (void)
{
  g_autofree char *source = golden ("recording.tltrace");
  g_autofree char *json = tmp_file ("converted.json");
  g_autofree char *gz = tmp_file ("converted.json.gz");
  g_autofree char *back = tmp_file ("back.tltrace");
  g_autofree char *info_source = NULL;
  g_autofree char *info_back = NULL;

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "convert", source, json, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.err, ==, "");
    g_assert_true (g_file_test (json, G_FILE_TEST_EXISTS));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "convert", json, gz, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "convert", gz, back, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }

  /* What info says of the original and of the round trip: the same
   * spans and instants (a converted trace holds spans, not the events
   * they came from; flows: see test-tltrace-json.c on backward ones). */
  {
    g_auto(Run) a = { 0 };
    g_auto(Run) b = { 0 };
    const char *spans_a, *spans_b;

    run_cli (&a, "info", source, NULL);
    run_cli (&b, "info", back, NULL);
    g_assert_cmpint (b.status, ==, 0);
    spans_a = strstr (a.out, "\nSpans");
    spans_b = strstr (b.out, "\nSpans");
    g_assert_nonnull (spans_a);
    g_assert_nonnull (spans_b);
    info_source = g_strndup (spans_a, strstr (spans_a, "\nFlows") - spans_a);
    info_back = g_strndup (spans_b, strstr (spans_b, "\nFlows") - spans_b);
    g_assert_cmpstr (info_back, ==, info_source);
    g_assert_nonnull (strstr (b.out, "process 4100  main  exit status 0\n"));
  }
}

static void
test_convert_refuses (void)
{
  gsize offset = 0;
  guint32 count = 0;
  g_autofree char *damaged = make_damaged (&offset, &count);
  g_autofree char *out = tmp_file ("salvaged.json");
  g_autofree char *odd = tmp_file ("out.txt");
  g_autofree char *source = golden ("recording.tltrace");

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "convert", damaged, out, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "nothing was written"));
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "convert", "--salvage", damaged, out, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.err, "damaged"));
    g_assert_true (g_file_test (out, G_FILE_TEST_EXISTS));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "convert", source, odd, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, ".tltrace, .json or .json.gz"));
    g_assert_false (g_file_test (odd, G_FILE_TEST_EXISTS));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "convert", "/nonexistent/in.tltrace", out, NULL);
    g_assert_cmpint (run.status, ==, 1);
  }
}

/* Times at the ends of 64 bits once made info print a trace lasting
 * "-1 ns": they are left out, and the trace lasts what it holds. */
static void
test_info_extremes (void)
{
  static const char json[] =
    "[{\"ph\":\"X\",\"ts\":-9223372036854775.808,\"dur\":1,\"pid\":1,\"tid\":1,\"name\":\"a\"},"
    "{\"ph\":\"i\",\"ts\":9223372036854775.807,\"pid\":1,\"tid\":1,\"name\":\"b\"},"
    "{\"ph\":\"i\",\"ts\":-4611686018427387.904,\"pid\":1,\"tid\":1,\"name\":\"c\"},"
    "{\"ph\":\"i\",\"ts\":4611686018427387.903,\"pid\":1,\"tid\":1,\"name\":\"d\"}]";
  g_autofree char *path = tmp_file ("extremes.json");
  g_auto(Run) text = { 0 };
  g_auto(Run) as_json = { 0 };

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  run_cli (&text, "info", path, NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "(2562047 h 47 min)\n"));
  g_assert_nonnull (strstr (text.out, "Events more than 146 years from the trace's zero were left out (2 times)"));
  run_cli (&as_json, "info", "--json", path, NULL);
  g_assert_nonnull (strstr (as_json.out, "\"duration_ns\": 9223372036854775807"));
}

/* convert over an existing trace keeps its permissions. */
static void
test_convert_keeps_mode (void)
{
  g_autofree char *source = golden ("recording.tltrace");
  g_autofree char *out = tmp_file ("private.json.gz");
  g_auto(Run) run = { 0 };
  GStatBuf st;

  g_assert_true (g_file_set_contents (out, "old", -1, NULL));
  g_assert_cmpint (g_chmod (out, 0600), ==, 0);
  run_cli (&run, "convert", source, out, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (g_stat (out, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  g_assert_cmpint (st.st_size, >, 100);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = tl_test_tmp_dir_new ("test-tltrace-cli");

  g_test_add_func ("/formats/tltrace-cli/info-text", test_info_text);
  g_test_add_func ("/formats/tltrace-cli/info-json", test_info_json);
  g_test_add_func ("/formats/tltrace-cli/info-damaged", test_info_damaged);
  g_test_add_func ("/formats/tltrace-cli/info-cut-off", test_info_cut_off);
  g_test_add_func ("/formats/tltrace-cli/info-unreadable", test_info_unreadable);
  g_test_add_func ("/formats/tltrace-cli/usage", test_usage);
  g_test_add_func ("/formats/tltrace-cli/convert", test_convert);
  g_test_add_func ("/formats/tltrace-cli/convert-refuses", test_convert_refuses);
  g_test_add_func ("/formats/tltrace-cli/info-extremes", test_info_extremes);
  g_test_add_func ("/formats/tltrace-cli/convert-keeps-mode", test_convert_keeps_mode);

  status = g_test_run ();
  tl_test_tmp_dir_free (tmp_dir);
  return status;
}
