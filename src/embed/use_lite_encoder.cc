#include "embed/use_lite_encoder.h"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>

namespace lakehouse {
namespace {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstMap = Eigen::Map<const Matrix>;
using RowVector = Eigen::Map<const Eigen::RowVectorXf>;

ConstMap View(const WeightMatrix& m) { return ConstMap(m.data.data(), m.rows, m.cols); }
RowVector Row(const WeightMatrix& m) { return RowVector(m.data.data(), m.cols); }

// y = LayerNorm(x) row by row, as the graph computes it: (x - mean) · scale · rsqrt(var + eps)
// + bias with var the mean squared deviation.
void LayerNorm(const Matrix& x, const WeightMatrix& scale, const WeightMatrix& bias, float epsilon,
               Matrix* y) {
  y->resize(x.rows(), x.cols());
  const auto s = Row(scale);
  const auto b = Row(bias);
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    const float mean = x.row(r).mean();
    const Eigen::RowVectorXf centered = x.row(r).array() - mean;
    const float variance = centered.squaredNorm() / static_cast<float>(x.cols());
    const float inv = 1.0f / std::sqrt(variance + epsilon);
    y->row(r) = (centered.array() * (s.array() * inv)).matrix() + b;
  }
}

// x · kernel + bias.
void Dense(const Matrix& x, const WeightMatrix& kernel, const WeightMatrix& bias, Matrix* y) {
  y->noalias() = x * View(kernel);
  y->rowwise() += Row(bias);
}

struct Scratch {
  Matrix normed, qkv, context, attention, residual, hidden, ffn, scores;
};

void Layer(const UseLiteLayerWeights& w, float epsilon,
           std::span<const std::pair<int32_t, int32_t>> spans, Matrix* x, Scratch* s) {
  const Eigen::Index d = w.qkv_kernel.rows;
  const Eigen::Index head = d / w.heads;
  LayerNorm(*x, w.attention_norm_scale, w.attention_norm_bias, epsilon, &s->normed);
  Dense(s->normed, w.qkv_kernel, w.qkv_bias, &s->qkv);
  s->context.resize(x->rows(), d);
  for (const auto& [offset, length] : spans) {
    if (length == 0) continue;
    for (int32_t h = 0; h < w.heads; ++h) {
      const auto q = s->qkv.block(offset, h * head, length, head);
      const auto k = s->qkv.block(offset, d + h * head, length, head);
      const auto v = s->qkv.block(offset, 2 * d + h * head, length, head);
      s->scores.noalias() = (q * w.query_scale) * k.transpose();
      for (Eigen::Index r = 0; r < s->scores.rows(); ++r) {
        auto row = s->scores.row(r);
        const float max = row.maxCoeff();
        row = (row.array() - max).exp();
        row /= row.sum();
      }
      s->context.block(offset, h * head, length, head).noalias() = s->scores * v;
    }
  }
  Dense(s->context, w.output_kernel, w.output_bias, &s->attention);
  if (w.residual_kernel.rows > 0) {
    Dense(*x, w.residual_kernel, w.residual_bias, &s->residual);
    s->attention += s->residual;
  } else {
    s->attention += *x;
  }
  // s->attention is h now.
  LayerNorm(s->attention, w.ffn_norm_scale, w.ffn_norm_bias, epsilon, &s->normed);
  Dense(s->normed, w.ffn_in_kernel, w.ffn_in_bias, &s->hidden);
  s->hidden = s->hidden.cwiseMax(0.0f);
  Dense(s->hidden, w.ffn_out_kernel, w.ffn_out_bias, &s->ffn);
  x->noalias() = s->attention + s->ffn;
}

}  // namespace

void UseLiteEncoder::Encode(std::span<const std::vector<int32_t>> sequences,
                            std::span<float> out) const {
  // Pack the sequences' (clipped) tokens one after another.
  std::vector<std::pair<int32_t, int32_t>> spans;  // (first row, length) per sequence
  spans.reserve(sequences.size());
  int32_t rows = 0;
  for (const std::vector<int32_t>& tokens : sequences) {
    const int32_t length = std::min<int32_t>(static_cast<int32_t>(tokens.size()), w_.max_tokens);
    spans.emplace_back(rows, length);
    rows += length;
  }
  const int32_t width = w_.token_embeddings.cols;
  const int32_t frequencies = w_.inv_timescales.cols;
  Matrix x(rows, width);
  for (size_t i = 0; i < sequences.size(); ++i) {
    const auto [offset, length] = spans[i];
    for (int32_t p = 0; p < length; ++p) {
      const float* embedding =
          w_.token_embeddings.data.data() + static_cast<size_t>(sequences[i][p]) * width;
      float* row = x.data() + static_cast<size_t>(offset + p) * width;
      for (int32_t c = 0; c < width; ++c) row[c] = 2.0f * embedding[c];
      for (int32_t f = 0; f < frequencies; ++f) {
        const float angle = static_cast<float>(p) * w_.inv_timescales.data[f];
        row[f] += std::sin(angle);
        row[frequencies + f] += std::cos(angle);
      }
    }
  }

  Scratch scratch;
  for (const UseLiteLayerWeights& layer : w_.layers) {
    Layer(layer, w_.layer_norm_epsilon, spans, &x, &scratch);
  }

  Matrix pooled = Matrix::Zero(static_cast<Eigen::Index>(sequences.size()), x.cols());
  for (size_t i = 0; i < spans.size(); ++i) {
    const auto [offset, length] = spans[i];
    if (length == 0) continue;
    pooled.row(static_cast<Eigen::Index>(i)) =
        x.middleRows(offset, length).colwise().sum() / static_cast<float>(length);
  }
  Matrix projected;
  Dense(pooled, w_.output_kernel, w_.output_bias, &projected);
  Eigen::Map<Matrix> result(out.data(), projected.rows(), projected.cols());
  result = projected.array().tanh().matrix();
  for (Eigen::Index r = 0; r < result.rows(); ++r) {
    const float sum = result.row(r).squaredNorm();
    result.row(r) *= 1.0f / std::sqrt(std::max(sum, 1e-12f));
  }
}

}  // namespace lakehouse
