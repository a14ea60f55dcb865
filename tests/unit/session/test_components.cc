// Unit tests of the session engine's building blocks: the wire codecs, the
// stream-id map, the object slab and the DATA scheduler.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

extern "C" {
#include <cmocka.h>
}

#include <cstdint>
#include <cstring>
#include <map>
#include <random>
#include <vector>

#include "pool/id_map.h"
#include "pool/slab.h"
#include "session/data_scheduler.h"
#include "session/outbound_item.h"
#include "session/stream.h"
#include "wire/frame_codec.h"

using namespace h2pool;

static void test_frame_header_round_trip(void **) {
  nghttp2_frame_hd hd;
  wire::init_frame_hd(&hd, 0x123456, NGHTTP2_HEADERS, 0x25, 0x7ffffffe);
  uint8_t buf[9];
  wire::pack_frame_hd(buf, hd);
  const uint8_t expect[9] = {0x12, 0x34, 0x56, 0x01, 0x25,
                             0x7f, 0xff, 0xff, 0xfe};
  assert_memory_equal(buf, expect, 9);
  // The reserved bit is dropped on receipt.
  buf[5] |= 0x80;
  nghttp2_frame_hd out;
  wire::unpack_frame_hd(&out, buf);
  assert_int_equal(out.length, 0x123456);
  assert_int_equal(out.type, NGHTTP2_HEADERS);
  assert_int_equal(out.flags, 0x25);
  assert_int_equal(out.stream_id, 0x7ffffffe);
  assert_int_equal(out.reserved, 0);
}

static void test_control_frames(void **) {
  uint8_t buf[64];
  nghttp2_rst_stream rst{};
  wire::init_frame_hd(&rst.hd, 4, NGHTTP2_RST_STREAM, 0, 3);
  rst.error_code = NGHTTP2_CANCEL;
  assert_int_equal(wire::pack_rst_stream(buf, rst), 13);
  const uint8_t rst_bytes[13] = {0, 0, 4, 3, 0, 0, 0, 0, 3, 0, 0, 0, 8};
  assert_memory_equal(buf, rst_bytes, 13);

  nghttp2_goaway ga{};
  const uint8_t debug[] = {'b', 'y', 'e'};
  wire::init_frame_hd(&ga.hd, 11, NGHTTP2_GOAWAY, 0, 0);
  ga.last_stream_id = 5;
  ga.error_code = NGHTTP2_PROTOCOL_ERROR;
  ga.opaque_data = const_cast<uint8_t *>(debug);
  ga.opaque_data_len = 3;
  assert_int_equal(wire::pack_goaway(buf, ga), 20);
  const uint8_t ga_bytes[20] = {0, 0, 11, 7, 0, 0, 0, 0, 0, 0,
                                0, 0, 5,  0, 0, 0, 1, 'b', 'y', 'e'};
  assert_memory_equal(buf, ga_bytes, 20);

  nghttp2_window_update wu{};
  wire::init_frame_hd(&wu.hd, 4, NGHTTP2_WINDOW_UPDATE, 0, 0);
  wu.window_size_increment = 0x10000;
  assert_int_equal(wire::pack_window_update(buf, wu), 13);
  assert_int_equal(wire::unpack_u31(buf + 9), 0x10000);

  nghttp2_ping ping{};
  wire::init_frame_hd(&ping.hd, 8, NGHTTP2_PING, NGHTTP2_FLAG_ACK, 0);
  std::memcpy(ping.opaque_data, "12345678", 8);
  assert_int_equal(wire::pack_ping(buf, ping), 17);
  assert_int_equal(buf[4], NGHTTP2_FLAG_ACK);
  assert_memory_equal(buf + 9, "12345678", 8);
}

static void test_settings_entry_and_priority(void **) {
  const uint8_t e[6] = {0x00, 0x04, 0x00, 0x01, 0x00, 0x00};
  nghttp2_settings_entry iv;
  wire::unpack_settings_entry(&iv, e);
  assert_int_equal(iv.settings_id, NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE);
  assert_int_equal(iv.value, 65536);

  const uint8_t p[5] = {0x80, 0x00, 0x00, 0x07, 0xff};
  nghttp2_priority_spec spec;
  wire::unpack_priority_spec(&spec, p);
  assert_int_equal(spec.stream_id, 7);
  assert_int_equal(spec.exclusive, 1);
  assert_int_equal(spec.weight, 256);
}

static void test_origin_payload(void **) {
  const uint8_t payload[] = {0, 3, 'a', 'b', 'c', 0, 0, 0, 1, 'z'};
  nghttp2_origin_entry ov[4];
  assert_int_equal(wire::parse_origin_payload(nullptr, payload, sizeof(payload)), 2);
  assert_int_equal(wire::parse_origin_payload(ov, payload, sizeof(payload)), 2);
  assert_int_equal(ov[0].origin_len, 3);
  assert_memory_equal(ov[0].origin, "abc", 3);
  assert_int_equal(ov[1].origin_len, 1);
  // Truncated entry.
  assert_int_equal(wire::parse_origin_payload(nullptr, payload, 4), -1);
  nghttp2_ext_origin o{2, ov};
  uint8_t out[16];
  assert_int_equal(wire::pack_origin_payload(out, o), 8);
}

struct Keyed {
  int32_t id;
  intptr_t value;
};

static void test_id_map_against_std_map(void **) {
  IdMap<Keyed, &Keyed::id> m{Mem()};
  std::map<int32_t, intptr_t> ref;
  // Objects live in a fixed array indexed by key, as streams live in a
  // slab; the map stores their addresses.
  std::vector<Keyed> objs(1024);
  std::mt19937 rng(7);
  for (int i = 0; i < 20000; ++i) {
    const int32_t key = static_cast<int32_t>(rng() % 512) * 2 + 1;
    const int op = static_cast<int>(rng() % 3);
    if (op == 0) {
      objs[key] = Keyed{key, intptr_t(key) * 3 + i};
      assert_true(m.insert(&objs[key]));
      ref[key] = intptr_t(key) * 3 + i;
    } else if (op == 1) {
      m.remove(key);
      ref.erase(key);
    } else {
      Keyed *v = m.find(key);
      auto it = ref.find(key);
      if (it == ref.end()) {
        assert_null(v);
      } else {
        assert_non_null(v);
        assert_int_equal(v->id, key);
        assert_int_equal(v->value, it->second);
      }
    }
    assert_int_equal(m.size(), ref.size());
  }
  size_t visited = 0;
  m.for_each([&](Keyed *k) {
    assert_int_equal(ref.count(k->id), 1);
    ++visited;
    return 0;
  });
  assert_int_equal(visited, ref.size());
}

struct Obj {
  int a = 42;
  char pad[40];
};

static void test_slab_reuses_slots(void **) {
  Slab<Obj> slab{Mem()};
  std::vector<Obj *> live;
  for (int i = 0; i < 100; ++i) live.push_back(slab.acquire());
  assert_int_equal(slab.live(), 100);
  for (Obj *o : live) assert_int_equal(o->a, 42);
  Obj *last = live.back();
  slab.release(last);
  // LIFO free list: the slot just released comes back first.
  assert_ptr_equal(slab.acquire(), last);
  for (Obj *o : live) slab.release(o);
  assert_int_equal(slab.live(), 0);
}

static void test_scheduler_order(void **) {
  DataScheduler q;
  q.set_mem(Mem());
  // A queued stream always has its DATA item, which holds the cycle.
  Stream s[5];
  OutboundItem items[5];
  for (int i = 0; i < 5; ++i) {
    s[i].seq = static_cast<uint32_t>(10 - i);
    s[i].item = &items[i];
    items[i].cycle = 0;
  }
  for (auto &x : s) assert_true(q.push(&x));
  // Equal cycles: creation order (seq) decides.
  assert_ptr_equal(q.top(), &s[4]);
  q.remove(&s[2]);
  assert_ptr_equal(q.top(), &s[4]);
  q.remove(&s[4]);
  assert_ptr_equal(q.top(), &s[3]);
  // A smaller cycle wins over seq.
  q.remove(&s[0]);
  items[0].cycle = 0;
  items[3].cycle = 100;
  q.remove(&s[3]);
  q.push(&s[3]);
  q.push(&s[0]);
  assert_ptr_equal(q.top(), &s[1]);
  assert_int_equal(q.size(), 3);
  q.release();
}

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_frame_header_round_trip),
      cmocka_unit_test(test_control_frames),
      cmocka_unit_test(test_settings_entry_and_priority),
      cmocka_unit_test(test_origin_payload),
      cmocka_unit_test(test_id_map_against_std_map),
      cmocka_unit_test(test_slab_reuses_slots),
      cmocka_unit_test(test_scheduler_order),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
