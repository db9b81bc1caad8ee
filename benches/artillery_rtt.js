// Artillery processor for benches/ws.py: artillery's WebSocket engine counts messages but does not
// time them, so each send is bracketed by these two steps and the round trip kept as a histogram.
module.exports = {
  mark(context, events, done) {
    context.vars.sentAt = process.hrtime.bigint();
    done();
  },
  measure(context, events, done) {
    events.emit('histogram', 'ws.round_trip', Number(process.hrtime.bigint() - context.vars.sentAt) / 1e6);
    done();
  },
};
