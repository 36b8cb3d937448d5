// A blocking queue of bounded size between two threads: the producer waits when it is full,
// the consumer when it is empty. Either side may close it; pop() then drains what is left.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace ms {

template <typename T> class BoundedQueue {
public:
    explicit BoundedQueue(std::size_t capacity) : m_capacity(capacity) {}

    // False when the queue was closed (the item is dropped).
    bool push(T item) {
        std::unique_lock<std::mutex> lock(m_mu);
        m_space.wait(lock, [&] { return m_items.size() < m_capacity || m_closed; });
        if (m_closed) return false;
        m_items.push_back(std::move(item));
        lock.unlock();
        m_ready.notify_one();
        return true;
    }

    // The next item; nullopt once the queue is closed and empty.
    std::optional<T> pop() {
        std::unique_lock<std::mutex> lock(m_mu);
        m_ready.wait(lock, [&] { return !m_items.empty() || m_closed; });
        if (m_items.empty()) return std::nullopt;
        T item = std::move(m_items.front());
        m_items.pop_front();
        lock.unlock();
        m_space.notify_one();
        return item;
    }

    void close() {
        {
            std::lock_guard<std::mutex> lock(m_mu);
            m_closed = true;
        }
        m_ready.notify_all();
        m_space.notify_all();
    }

    // Drops whatever is queued (a consumer that failed).
    void clear() {
        std::lock_guard<std::mutex> lock(m_mu);
        m_items.clear();
        m_space.notify_all();
    }

private:
    std::size_t m_capacity;
    std::mutex m_mu;
    std::condition_variable m_ready, m_space;
    std::deque<T> m_items;
    bool m_closed = false;
};

} // namespace ms
