#include "embed/use_lite_weights.h"

#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "common/json.h"

namespace lakehouse {
namespace {

constexpr std::string_view kApply = "module_apply_default/Encoder_en/KonaTransformer/Encode/";
constexpr std::string_view kStack =
    "module_apply_default/Encoder_en/KonaTransformer/Encode/TransformerStack/";
constexpr std::string_view kModule = "module/Encoder_en/KonaTransformer/Encode/";

struct Tensor {
  std::vector<int64_t> shape;
  std::string dtype;
  std::string bytes;
};

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open '", path, "'");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

class TensorTable {
 public:
  static Result<TensorTable> Load(const std::string& dir) {
    LH_ASSIGN_OR_RETURN(std::string text, ReadFile(dir + "/model.json"));
    Json model = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!model.is_object() || !model.contains("weightsManifest") ||
        !model["weightsManifest"].is_array()) {
      return DataLoss("'", dir, "/model.json' has no weightsManifest");
    }
    TensorTable table;
    for (const Json& group : model["weightsManifest"]) {
      if (!group.is_object() || !group.contains("paths") || !group.contains("weights")) {
        return DataLoss("'", dir, "/model.json': a manifest group without paths or weights");
      }
      std::string bytes;
      for (const Json& path : group["paths"]) {
        if (!path.is_string()) return DataLoss("'", dir, "/model.json': a shard path is not text");
        LH_ASSIGN_OR_RETURN(std::string shard, ReadFile(dir + "/" + path.get<std::string>()));
        bytes += shard;
      }
      size_t offset = 0;
      for (const Json& weight : group["weights"]) {
        if (!weight.is_object() || !weight.contains("name") || !weight["name"].is_string() ||
            !weight.contains("shape") || !weight["shape"].is_array() || !weight.contains("dtype") ||
            !weight["dtype"].is_string()) {
          return DataLoss("'", dir, "/model.json': a weight entry without name, shape or dtype");
        }
        Tensor tensor;
        tensor.dtype = weight["dtype"].get<std::string>();
        if (tensor.dtype != "float32" && tensor.dtype != "int32") {
          return DataLoss("'", dir, "/model.json': unsupported dtype '", tensor.dtype, "'");
        }
        int64_t count = 1;
        for (const Json& dim : weight["shape"]) {
          if (!dim.is_number_integer() || dim.get<int64_t>() < 0) {
            return DataLoss("'", dir, "/model.json': a bad shape");
          }
          tensor.shape.push_back(dim.get<int64_t>());
          count *= dim.get<int64_t>();
        }
        const size_t size = static_cast<size_t>(count) * 4;
        if (offset + size > bytes.size()) {
          return DataLoss("'", dir, "': the shards end before the weight '",
                          weight["name"].get<std::string>(), "'");
        }
        tensor.bytes = bytes.substr(offset, size);
        offset += size;
        table.tensors_[weight["name"].get<std::string>()] = std::move(tensor);
      }
      if (offset != bytes.size()) {
        return DataLoss("'", dir, "': the shards hold ", std::to_string(bytes.size() - offset),
                        " bytes past the last weight");
      }
    }
    return table;
  }

  // The float tensor `name` as a rows × cols matrix; its shape must have that element count and
  // end in `cols` (leading 1s of a 1×1 convolution kernel are dropped).
  Result<WeightMatrix> Matrix(std::string_view name, int32_t rows, int32_t cols) const {
    auto it = tensors_.find(name);
    if (it == tensors_.end()) return DataLoss("the model has no weight '", std::string(name), "'");
    const Tensor& tensor = it->second;
    int64_t count = 1;
    for (int64_t dim : tensor.shape) count *= dim;
    const int64_t last = tensor.shape.empty() ? 1 : tensor.shape.back();
    if (tensor.dtype != "float32" || count != int64_t{rows} * cols || last != cols) {
      return DataLoss("the weight '", std::string(name), "' does not have the shape ",
                      std::to_string(rows), " x ", std::to_string(cols));
    }
    WeightMatrix matrix{rows, cols, std::vector<float>(static_cast<size_t>(count))};
    std::memcpy(matrix.data.data(), tensor.bytes.data(), tensor.bytes.size());
    return matrix;
  }

  Result<float> Scalar(std::string_view name) const {
    LH_ASSIGN_OR_RETURN(WeightMatrix m, Matrix(name, 1, 1));
    return m.data[0];
  }

  Result<int32_t> IntScalar(std::string_view name) const {
    auto it = tensors_.find(name);
    if (it == tensors_.end() || it->second.dtype != "int32" || it->second.bytes.size() != 4) {
      return DataLoss("the model has no int32 scalar '", std::string(name), "'");
    }
    int32_t value = 0;
    std::memcpy(&value, it->second.bytes.data(), 4);
    return value;
  }

 private:
  std::map<std::string, Tensor, std::less<>> tensors_;
};

std::string Name(std::string_view prefix, int layer, std::string_view rest) {
  return std::string(prefix) + "Layer_" + std::to_string(layer) + "/TransformerLayer/" +
         std::string(rest);
}

Result<UseLiteLayerWeights> LoadLayer(const TensorTable& t, int layer, int32_t d_in) {
  constexpr int32_t kModel = 512;
  constexpr int32_t kFilter = 1536;
  UseLiteLayerWeights w;
  const std::string norm = "layer_prepostprocess/layer_norm/";
  LH_ASSIGN_OR_RETURN(
      w.attention_norm_scale,
      t.Matrix(Name(kApply, layer, norm + "layer_norm_scale/ConcatPartitions/concat"), 1, d_in));
  LH_ASSIGN_OR_RETURN(
      w.attention_norm_bias,
      t.Matrix(Name(kApply, layer, norm + "layer_norm_bias/ConcatPartitions/concat"), 1, d_in));
  LH_ASSIGN_OR_RETURN(
      w.qkv_kernel,
      t.Matrix(Name(kModule, layer, "MultiheadAttention/qkv_transform_single/kernel/part_0"), d_in,
               3 * d_in));
  LH_ASSIGN_OR_RETURN(
      w.qkv_bias,
      t.Matrix(Name(kApply, layer,
                    "MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat"),
               1, 3 * d_in));
  LH_ASSIGN_OR_RETURN(
      w.output_kernel,
      t.Matrix(Name(kModule, layer, "MultiheadAttention/output_transform_single/kernel/part_0"),
               d_in, kModel));
  LH_ASSIGN_OR_RETURN(
      w.output_bias,
      t.Matrix(Name(kApply, layer,
                    "MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat"),
               1, kModel));
  if (d_in != kModel) {
    LH_ASSIGN_OR_RETURN(
        w.residual_kernel,
        t.Matrix(Name(kApply, layer, "dense/kernel/ConcatPartitions/concat"), d_in, kModel));
    LH_ASSIGN_OR_RETURN(
        w.residual_bias,
        t.Matrix(Name(kApply, layer, "dense/bias/ConcatPartitions/concat"), 1, kModel));
  }
  LH_ASSIGN_OR_RETURN(
      w.ffn_norm_scale,
      t.Matrix(Name(kApply, layer, "FFN/" + norm + "layer_norm_scale/ConcatPartitions/concat"), 1,
               kModel));
  LH_ASSIGN_OR_RETURN(
      w.ffn_norm_bias,
      t.Matrix(Name(kApply, layer, "FFN/" + norm + "layer_norm_bias/ConcatPartitions/concat"), 1,
               kModel));
  LH_ASSIGN_OR_RETURN(
      w.ffn_in_kernel,
      t.Matrix(Name(kStack, layer, "FFN/conv1/Tensordot/Reshape_1"), kModel, kFilter));
  LH_ASSIGN_OR_RETURN(
      w.ffn_in_bias,
      t.Matrix(Name(kApply, layer, "FFN/conv1/bias/ConcatPartitions/concat"), 1, kFilter));
  LH_ASSIGN_OR_RETURN(
      w.ffn_out_kernel,
      t.Matrix(Name(kStack, layer, "FFN/conv2/Tensordot/Reshape_1"), kFilter, kModel));
  LH_ASSIGN_OR_RETURN(
      w.ffn_out_bias,
      t.Matrix(Name(kApply, layer, "FFN/conv2/bias/ConcatPartitions/concat"), 1, kModel));
  LH_ASSIGN_OR_RETURN(w.query_scale, t.Scalar(Name(kStack, layer, "MultiheadAttention/mul/y")));
  LH_ASSIGN_OR_RETURN(
      const int32_t head_size,
      t.IntScalar(Name(kStack, layer,
                       "MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/3")));
  if (head_size <= 0 || d_in % head_size != 0) return DataLoss("the model has a bad head size");
  w.heads = d_in / head_size;
  return w;
}

}  // namespace

Result<UseLiteWeights> LoadUseLiteWeights(const std::string& dir) {
  LH_ASSIGN_OR_RETURN(TensorTable t, TensorTable::Load(dir));
  UseLiteWeights w;
  LH_ASSIGN_OR_RETURN(w.token_embeddings, t.Matrix("module/Embeddings_en", 8002, 256));
  LH_ASSIGN_OR_RETURN(
      w.inv_timescales,
      t.Matrix(std::string(kStack) + "Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1", 1, 128));
  LH_ASSIGN_OR_RETURN(w.layers[0], LoadLayer(t, 0, 256));
  LH_ASSIGN_OR_RETURN(w.layers[1], LoadLayer(t, 1, 512));
  LH_ASSIGN_OR_RETURN(w.output_kernel,
                      t.Matrix("module/Encoder_en/hidden_layers/tanh_layer_0/weights", 512, 512));
  LH_ASSIGN_OR_RETURN(w.output_bias,
                      t.Matrix("module/Encoder_en/hidden_layers/tanh_layer_0/bias", 1, 512));
  LH_ASSIGN_OR_RETURN(
      w.layer_norm_epsilon,
      t.Scalar(std::string(kStack) + "Layer_1/TransformerLayer/FFN/layer_prepostprocess/" +
               "layer_norm/Cast/x"));
  LH_ASSIGN_OR_RETURN(w.max_tokens, t.IntScalar("module_apply_default/Encoder_en/KonaTransformer/"
                                                "ClipToMaxLength/Less/y"));
  return w;
}

}  // namespace lakehouse
